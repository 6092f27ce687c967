// Memory held for a live execution is bounded (open blocks and a dedupe window), not the whole
// history: the heap after 4× more output is about the same.
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { generateLargeRun } from '../src/demo/workload.js';
import { DEFAULT_FLUSH_POLICY } from '../src/fold/flush-policy.js';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { tempDir } from './support/store-helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('live memory', () => {
  it('does not grow with the length of a run', async () => {
    const tmp = tempDir();
    const store = new SqliteStore(join(tmp.dir, 'mem.db'));
    try {
      const lines = generateLargeRun(160_000, 5);
      const execution = await store.createExecution({ executor: 'claude-code', kind: 'coding-agent' });
      const writer = new BatchWriter(store, { intervalMs: 20 });
      const log = new ExecutionLog({
        execution,
        format: formatFor('claude-code'),
        policy: DEFAULT_FLUSH_POLICY,
        writer,
      });
      let delivered = 0;
      log.subscribe(() => delivered++); // a live subscriber, as an SSE client would be
      const quarter = Math.floor(lines.length / 4);
      let atQuarter = 0;
      for (let i = 0; i < lines.length; i++) {
        log.write('stdout', Buffer.from(lines[i]! + '\n'));
        if (i % 5000 === 0) {
          log.tick();
          await writer.flush();
          await yieldToLoop();
        }
        if (i === quarter) atQuarter = heapMb();
      }
      await writer.flush();
      const atEnd = heapMb();
      process.stdout.write(
        `live memory: heap ${atQuarter.toFixed(1)} MB after ${quarter} lines, ${atEnd.toFixed(1)} MB after ${lines.length} lines (${delivered} delivered live)\n`,
      );
      expect(delivered).toBe(lines.length);
      // Four times the output (≈40 MB more text) may not add more than a few MB of heap.
      expect(atEnd - atQuarter).toBeLessThan(8);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});
