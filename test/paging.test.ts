// Line views are paged from the sorted seqs, regenerating only the page: every page must equal the same
// page cut from the whole expanded history (the plain way), for any records (open blocks, snapshots
// overlapping stored parts, repeats) and any query.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { expandRecords } from '../src/replay/expand.js';
import { readRecords } from '../src/replay/read-history.js';
import { pageRecords, paginate, toLogItem } from '../src/replay/read-log.js';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { useTempStore } from './support/store-helpers.js';

const db = useTempStore('paging.db');

const query = fc.oneof(
  fc.record({ cursor: fc.integer({ min: -1, max: 400 }), limit: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ before: fc.integer({ min: 0, max: 400 }), limit: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ tail: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ tail: fc.integer({ min: 1, max: 50 }), before: fc.integer({ min: 0, max: 400 }) }),
  fc.constant({}),
);

describe('line view paging', () => {
  it('equals the page cut from the whole history, for raw and deltas, mid-stream and finished', async () => {
    await fc.assert(
      fc.asyncProperty(
        claudeStream,
        fc.nat(),
        fc.array(query, { minLength: 1, maxLength: 6 }),
        async ({ input, chunkSizes }, cutAt, queries) => {
          const execution = await db.store.createExecution({ executor: 'claude-code', kind: 'coding-agent' });
          const writer = new BatchWriter(db.store, { intervalMs: 1_000_000 });
          const log = new ExecutionLog({
            execution,
            format: formatFor('claude-code'),
            policy: { maxItems: 3, maxBytes: 64, maxOpenMs: 1e9 },
            writer,
          });
          const chunks = [...chunked(input, chunkSizes)];
          chunks.slice(0, cutAt % (chunks.length + 1)).forEach((c) => log.write('stdout', c));
          await writer.flush();
          for (const finished of [false, true]) {
            if (finished) {
              chunks.slice(cutAt % (chunks.length + 1)).forEach((c) => log.write('stdout', c));
              writer.update(execution.id, log.finish());
              await writer.flush();
            }
            const records = await readRecords(db.store, execution, finished ? [] : log.unpersisted());
            for (const format of ['raw', 'deltas'] as const) {
              const all = expandRecords(records, { repeats: format === 'raw' }).map(toLogItem);
              for (const q of queries)
                expect(pageRecords(records, null, { format, ...q })).toEqual(paginate(all, q));
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
