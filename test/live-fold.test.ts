// The live path: partial flushes, group commit and in-memory state never lose or repeat a line,
// and once a block is complete exactly one record holds it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { decodeStoredRecord } from '../src/records/segment-codec.js';
import { entryBytes } from '../src/replay/entry.js';
import { readEntries } from '../src/replay/read-history.js';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { deltasViewProblem, rawDifference } from './support/round-trip.js';
import { useTempStore } from './support/store-helpers.js';

const db = useTempStore('live.db');

describe('live folding', () => {
  it('history read at any moment is exactly the lines seen so far; one record per completed block', async () => {
    await fc.assert(
      fc.asyncProperty(
        claudeStream,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
        async ({ input, chunkSizes }, flushes) => {
          const execution = await db.store.createExecution({ executor: 'claude-code', kind: 'coding-agent' });
          const writer = new BatchWriter(db.store, { intervalMs: 1_000_000 });
          let clock = 0;
          const log = new ExecutionLog({
            execution,
            format: formatFor('claude-code'),
            policy: { maxItems: 3, maxBytes: 40, maxOpenMs: 5 },
            writer,
            now: () => clock,
          });
          let fed = Buffer.alloc(0);
          let k = 0;
          for (const chunk of chunked(input, chunkSizes)) {
            log.write('stdout', chunk);
            fed = Buffer.concat([fed, chunk]);
            clock += 3;
            log.tick();
            if (flushes[k++ % flushes.length]) await writer.flush();
            // Lines complete so far (the partial last line is not a line yet).
            const complete = fed.subarray(0, fed.lastIndexOf(0x0a) + 1);
            const entries = await readEntries(db.store, execution, { repeats: true }, log.unpersisted());
            const diff = rawDifference(complete, Buffer.concat(entries.map(entryBytes)));
            if (diff !== null) throw new Error(`mid-stream after ${fed.length} bytes: ${diff}`);
          }
          writer.update(execution.id, log.finish());
          await writer.flush();
          const entries = await readEntries(db.store, execution, { repeats: true });
          expect(rawDifference(input, Buffer.concat(entries.map(entryBytes)))).toBeNull();
          // Each block number appears in exactly one stored record once complete.
          const blocks = (await db.store.readRecords(execution.num))
            .flatMap(decodeStoredRecord)
            .filter((r) => r.k === 'b');
          const perBlock = new Map<number, number>();
          for (const b of blocks) perBlock.set(b.bn, (perBlock.get(b.bn) ?? 0) + 1);
          for (const b of blocks) if (b.done === 1) expect(perBlock.get(b.bn)).toBe(1);
          const deltas = Buffer.concat((await readEntries(db.store, execution)).map(entryBytes));
          expect(deltasViewProblem(input, deltas)).toBe(
            (await db.store.getExecution(execution.id))!.duplicatesDropped,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
