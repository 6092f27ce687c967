// Line views read window by window from stored rows (replay/line-history.ts): for any records (open
// blocks, snapshots overlapping stored parts, repeats, CRLF, odd lines), packed into any rows (segments
// or plain, any grouping), every window must equal the same window cut from the whole expanded history,
// and a window must decode only the rows holding it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { encodeRecord } from '../src/records/record-codec.js';
import { compressSegment, decodeStoredRecord } from '../src/records/segment-codec.js';
import { RecordKind, type LogRecord } from '../src/records/types.js';
import { expandRecords, visibleSeqs } from '../src/replay/expand.js';
import { LineHistory, type StoredRow } from '../src/replay/line-history.js';
import { RunCollector } from '../src/replay/seq-runs.js';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { useTempStore } from './support/store-helpers.js';

const db = useTempStore('line-history.db');

/** Packs records into rows: groups of `sizes` records, each a deflate segment or (`plain`) one row per record. */
function pack(records: readonly LogRecord[], sizes: number[], plain: boolean[]): StoredRow[] {
  const rows: StoredRow[] = [];
  for (let i = 0, g = 0; i < records.length; g++) {
    const group = records.slice(i, i + Math.max(1, sizes[g % sizes.length] ?? 1));
    i += group.length;
    if (plain[g % Math.max(1, plain.length)] === true)
      for (const r of group)
        rows.push({ kind: r.k === 'l' ? RecordKind.Lines : RecordKind.Block, body: encodeRecord(r) });
    else rows.push({ kind: RecordKind.DeflateSegment, body: compressSegment(group.map(encodeRecord)) });
  }
  return rows;
}

async function collect(h: LineHistory, after: number, to: number, repeats: boolean) {
  const out = [];
  for await (const piece of h.windows(after, to, repeats)) {
    expect(piece.length).toBeGreaterThan(0);
    out.push(...piece);
  }
  return out;
}

describe('line history read window by window', () => {
  it('equals the window cut from the whole history, for any records packed into any rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        claudeStream,
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.tuple(fc.integer({ min: -2, max: 300 }), fc.integer({ min: -1, max: 300 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async ({ input, chunkSizes }, cutAt, sizes, plain, windowBytes, ranges) => {
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
          const stored = (await db.store.readRecords(execution.num)).flatMap(decodeStoredRecord);
          // Mid-stream: stored parts plus the memory snapshot, which overlaps them.
          const memory = log.unpersisted();
          const all = [...stored, ...memory];
          const h = await LineHistory.open(pack(stored, sizes, plain), memory, { windowBytes });
          for (const repeats of [true, false]) {
            const want = Array.from(visibleSeqs(all, repeats));
            const seqs = h.seqs(repeats);
            expect(seqs.length).toBe(want.length);
            expect(Array.from({ length: seqs.length }, (_, i) => seqs.at(i))).toEqual(want);
            for (const [a, b] of ranges) {
              expect(seqs.lowerBound(a)).toBe(want.filter((s) => s < a).length);
              expect(await collect(h, a, b, repeats)).toEqual(
                expandRecords(all, { afterSeq: a, toSeq: b, repeats }),
              );
            }
            expect(await h.entries(-1, repeats)).toEqual(expandRecords(all, { repeats }));
          }
          writer.update(execution.id, log.finish());
          await writer.flush();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('decodes only the rows holding a window, a few at a time', async () => {
    // 40 rows of one 100 KB line each (a long line's pieces), 400 bytes of window: one row per piece.
    const text = (i: number) => String.fromCharCode(97 + (i % 26)).repeat(100_000);
    const rows: StoredRow[] = [];
    for (let i = 0; i < 40; i++)
      rows.push({
        kind: RecordKind.DeflateSegment,
        body: compressSegment([encodeRecord({ k: 'l', e: [{ s: i, a: i, t: text(i), e: 2 }] })]),
      });
    const h = await LineHistory.open(rows, [], { windowBytes: 150_000 });
    const before = h.decodedRows;
    const one = await collect(h, 9, 10, true);
    expect(one.map((e) => e.seq)).toEqual([10]);
    expect(h.decodedRows - before).toBe(1);
    const sizes: number[] = [];
    for await (const piece of h.windows(-1, 39, true)) sizes.push(piece.length);
    expect(sizes).toEqual(new Array(40).fill(1));
    expect((await h.entries(-1, true)).map((e) => e.text)).toEqual(rows.map((_, i) => text(i)));
  });

  it('holds a long run of consecutive seqs as one run', () => {
    const c = new RunCollector();
    for (let s = 0; s < 1_000_000; s++) c.add(s);
    const runs = c.toSeqRuns();
    expect(runs.runs).toBe(1);
    expect(runs.length).toBe(1_000_000);
    expect(runs.at(999_999)).toBe(999_999);
    expect(runs.lowerBound(500_000.5)).toBe(500_001);
    expect(() => runs.at(1_000_000)).toThrow(RangeError);
  });
});
