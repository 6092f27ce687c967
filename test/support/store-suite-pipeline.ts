// The pipeline over a backend: generated Claude Code streams ingested (bulk, and live through the batch
// writer with its deletes, updates and renumbering) then replayed byte for byte.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { formatFor } from '../../src/formats/registry.js';
import { BatchWriter } from '../../src/pipeline/batch-writer.js';
import { DEFAULT_FLUSH_POLICY } from '../../src/fold/flush-policy.js';
import { Eol } from '../../src/ingest/line.js';
import { ExecutionLog, PIECE_BYTES } from '../../src/pipeline/execution-log.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { entryBytes } from '../../src/replay/entry.js';
import { readEntries } from '../../src/replay/read-history.js';
import { isSegment } from '../../src/records/types.js';
import { generateLargeRun } from '../../src/demo/workload.js';
import { compactExecution } from '../../src/store/compact.js';
import type { LogStore } from '../../src/store/contract.js';
import { chunked, claudeStream } from './claude-stream-arbitrary.js';
import { deltasViewProblem, rawDifference } from './round-trip.js';

const raw = async (store: LogStore, e: { num: number }) =>
  Buffer.concat((await readEntries(store, e, { repeats: true })).map(entryBytes));

/** The store with a smaller record limit, so a short run is renumbered in place as a weeks-long one would be. */
function withRecordLimit(store: LogStore, recordLimit: number): LogStore {
  return new Proxy(store, {
    get: (target, key) => {
      if (key === 'capabilities') return { ...target.capabilities, recordLimit };
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export function runPipelineSuite(store: () => LogStore): void {
  it('round trip: an ingested stream reads back byte for byte (raw), the deltas view drops only counted repeats', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, async ({ input, chunkSizes }) => {
        async function* src() {
          yield* chunked(input, chunkSizes);
        }
        const { execution } = await ingestStream(store(), src(), {
          executor: 'claude-code',
          kind: 'coding-agent',
        });
        expect(rawDifference(input, await raw(store(), execution))).toBeNull();
        const deltas = Buffer.concat((await readEntries(store(), execution)).map(entryBytes));
        expect(deltasViewProblem(input, deltas)).toBe(execution.duplicatesDropped);
      }),
      { numRuns: 40 },
    );
  });

  it('round trip live: small flushes, open-block parts deleted, renumbering near a small record limit, then compaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        claudeStream,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        async ({ input, chunkSizes }, flushes) => {
          await liveRoundTrip(store(), input, chunkSizes, flushes);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('round trip live: a run past the record limit is renumbered in place while it runs, and reads back byte for byte', async () => {
    const input = Buffer.from(
      generateLargeRun(400, 7)
        .map((l) => l + '\n')
        .join(''),
    );
    expect(await liveRoundTrip(store(), input, [997], [false, true])).toBe(true);
  });

  it('lines of megabytes in plain output: stored live as pieces of at most 1 MB, compacted, read back byte for byte', async () => {
    // Long lines of ASCII and multi-byte characters with any terminator, between short ones, in pipe-sized chunks.
    const unit = fc.string({
      unit: fc.constantFrom('a', 'é', '✓', '😀', ' ', '\t'),
      minLength: 1,
      maxLength: 12,
    });
    const line = fc.record({
      unit,
      bytes: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 900_000, max: 2_600_000 })),
      eol: fc.constantFrom('\n', '\r\n'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.nat(),
        async (lines, lastEol, seed) => {
          const text = lines
            .map(
              (l, i) =>
                l.unit.repeat(Math.ceil(l.bytes / l.unit.length)) +
                (i < lines.length - 1 || lastEol ? l.eol : ''),
            )
            .join('');
          const input = Buffer.from(text);
          const s = store();
          const execution = await s.createExecution({ executor: 'command', kind: 'script' });
          const writer = new BatchWriter(s, { intervalMs: 1_000_000 });
          const log = new ExecutionLog({ execution, format: null, policy: DEFAULT_FLUSH_POLICY, writer });
          for (let at = 0, k = seed; at < input.length; k++) {
            const end = Math.min(input.length, at + 1 + ((k * 7919) % 65536));
            log.write('stdout', input.subarray(at, end));
            at = end;
          }
          writer.update(execution.id, log.finish());
          await writer.settle();
          await writer.release(execution.num);
          const entries = await readEntries(s, execution, { repeats: true });
          for (const e of entries) {
            expect(e.text).not.toBeNull(); // never a character cut in two
            if (e.eol === Eol.None && e !== entries[entries.length - 1])
              expect(Buffer.byteLength(e.text!)).toBeLessThanOrEqual(PIECE_BYTES);
          }
          expect(rawDifference(input, await raw(s, execution))).toBeNull();
          await compactExecution(s, (await s.getExecution(execution.id))!);
          expect(rawDifference(input, await raw(s, execution))).toBeNull();
          await s.deleteExecution(execution.id);
        },
      ),
      { numRuns: 6 },
    );
  }, 60_000);
}

/** Streams `input` through the live pipeline (batch writer, record limit 128), checks raw before and after compaction; whether it was renumbered. */
async function liveRoundTrip(
  store: LogStore,
  input: Buffer,
  chunkSizes: number[],
  flushes: boolean[],
): Promise<boolean> {
  const s = withRecordLimit(store, 128);
  const execution = await s.createExecution({ executor: 'claude-code', kind: 'coding-agent' });
  const errors: unknown[] = [];
  const writer = new BatchWriter(s, { intervalMs: 1_000_000, onError: (err) => errors.push(err) });
  let clock = 0;
  const log = new ExecutionLog({
    execution,
    format: formatFor('claude-code'),
    policy: { maxItems: 2, maxBytes: 40, maxOpenMs: 5 },
    writer,
    now: () => clock,
  });
  let k = 0;
  for (const chunk of chunked(input, chunkSizes)) {
    log.write('stdout', chunk);
    clock += 3;
    log.tick();
    if (flushes[k++ % flushes.length]) await writer.flush();
    // One chunk per turn, as the server reads a child's pipe: a burst (write group) never outgrows the small limit.
    else await Promise.resolve();
  }
  writer.update(execution.id, log.finish());
  await writer.settle();
  await writer.release(execution.num);
  expect(errors).toEqual([]);
  // Segments before compaction: renumbering packed the run's first rows while it ran.
  const renumbered = (await s.readRecords(execution.num)).some((r) => isSegment(r.kind));
  expect(rawDifference(input, await raw(s, execution))).toBeNull();
  await compactExecution(s, (await s.getExecution(execution.id))!);
  expect(rawDifference(input, await raw(s, execution))).toBeNull();
  expect((await s.getExecution(execution.id))!.compacted).toBe(true);
  return renumbered;
}
