import { brotliCompressSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, frame } from './record-codec.js';
import { compressSegment, decodeStoredRecord, decodeStoredRecordsAsync } from './segment-codec.js';
import { SegmentInflater, segmentInflater } from './segment-inflater.js';
import { RecordKind, type LineEntry, type StoredRecord } from './types.js';

afterAll(() => segmentInflater.close());

/** Segments big enough (> 64 KB compressed) to be decompressed off this thread. */
function segments(texts: string[][]): StoredRecord[] {
  return texts.map((list, n) => {
    const e: LineEntry[] = list.map((t, i) => ({ s: n * 1000 + i, a: i, t }));
    return {
      recordNo: n,
      kind: RecordKind.DeflateSegment,
      seqFirst: n * 1000,
      seqLast: n * 1000 + list.length,
      body: compressSegment([encodeRecord({ k: 'l', e })]),
    };
  });
}

/** The raw deflate stream of a segment (after its 4-byte length). */
const stream = (r: StoredRecord) => (r.body as Buffer).subarray(4);

const noise = (seed: number, n: number) => {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(32 + ((x = (x * 1103515245 + 12345) >>> 0) % 95));
  return s;
};

describe('segment inflater', () => {
  it('decodes segments on its worker exactly as on this thread, in order, with any text', async () => {
    const inflater = new SegmentInflater();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        async (texts) => {
          const rows = segments(texts);
          const got = await Promise.all(rows.map((r) => inflater.inflate(stream(r), 'deflate', 1 << 16)));
          rows.forEach((r, i) => expect(got[i]!.equals(inflateRawSync(stream(r)))).toBe(true));
        },
      ),
      { numRuns: 30 },
    );
    await inflater.close();
  });

  it('reads a large history the same whether the worker runs or not', async () => {
    // Incompressible text: each segment is well over the size decompressed in place.
    const rows = segments(
      [0, 1, 2].map((k) =>
        Array.from({ length: 40 }, (_, i) => noise(k * 100 + i, 3000) + (i % 7 === 0 ? ' é✓' : '')),
      ),
    );
    const inPool = await decodeStoredRecordsAsync(rows);
    segmentInflater.start();
    expect(segmentInflater.started).toBe(true);
    const onWorker = await decodeStoredRecordsAsync(rows);
    expect(onWorker).toEqual(rows.flatMap((r) => decodeStoredRecord(r)));
    expect(inPool).toEqual(onWorker);
  });

  it('reads brotli segments written by earlier versions, on the worker and on this thread', async () => {
    const bodies = [0, 1].map((k) =>
      encodeRecord({
        k: 'l',
        e: Array.from({ length: 30 }, (_, i) => ({ s: k * 100 + i, a: 0, t: noise(k * 31 + i, 4000) })),
      }),
    );
    const rows: StoredRecord[] = bodies.map((b, n) => ({
      recordNo: n,
      kind: RecordKind.Segment,
      seqFirst: n * 100,
      seqLast: n * 100 + 29,
      body: brotliCompressSync(frame([b])),
    }));
    const want = bodies.map(decodeRecord);
    expect(rows.flatMap((r) => decodeStoredRecord(r))).toEqual(want);
    segmentInflater.start();
    expect(await decodeStoredRecordsAsync(rows)).toEqual(want);
  });

  it('rejects a segment whose length header does not match its contents', async () => {
    const rows = segments([0, 1].map((k) => Array.from({ length: 30 }, (_, i) => noise(k * 50 + i, 3000))));
    const bad = rows.map((r) => ({ ...r, body: Buffer.from(r.body as Buffer) }));
    (bad[1]!.body as Buffer).writeUInt32LE((bad[1]!.body as Buffer).readUInt32LE(0) + 1, 0);
    expect(() => decodeStoredRecord(bad[1]!)).toThrow(/corrupt segment/);
    await expect(decodeStoredRecordsAsync(bad)).rejects.toThrow(/corrupt segment/);
    expect(() => decodeStoredRecord({ kind: RecordKind.DeflateSegment, body: Buffer.from([1, 2]) })).toThrow(
      /no length header/,
    );
  });

  it('rejects corrupt data with a clear error and keeps working', async () => {
    const inflater = new SegmentInflater();
    await expect(inflater.inflate(Buffer.from('not deflate at all'), 'deflate', 1024)).rejects.toThrow(
      /cannot decompress segment/,
    );
    const [row] = segments([['still fine']]);
    expect((await inflater.inflate(stream(row!), 'deflate', 1024)).length).toBeGreaterThan(0);
    await inflater.close();
  });

  it('fails pending calls when closed', async () => {
    const inflater = new SegmentInflater();
    const [row] = segments([[noise(7, 200_000)]]);
    const failed = expect(inflater.inflate(stream(row!), 'deflate', 1 << 20)).rejects.toThrow(/closed/);
    await inflater.close();
    await failed;
  });
});
