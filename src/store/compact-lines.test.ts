import { describe, expect, it } from 'vitest';
import { encodeLines } from '../records/lines-codec.js';
import type { LineEntry } from '../records/types.js';
import { inSeqOrder, lineColumns, linesBodies } from './compact-lines.js';
import { packSegments } from './compact.js';
import { decodeStoredRecordsAsync } from '../records/segment-codec.js';
import { RecordKind, type LogRecord, type StoredRecord } from '../records/types.js';

/** Deterministic lines: short and long texts, CRLF, no newline, stderr, repeats, bytes (base64), gaps in seq. */
function lines(n: number, from = 0, seed = 1): LineEntry[] {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: LineEntry[] = [];
  let s = from;
  let a = 0;
  for (let i = 0; i < n; i++) {
    s += 1 + (rnd() < 0.1 ? 3 : 0);
    a += rnd() < 0.3 ? Math.floor(rnd() * 50) : 0;
    const e: LineEntry = { s, a };
    const r = rnd();
    if (r < 0.05) e.b = Buffer.from([0xff, i & 0xff]).toString('base64');
    else e.t = r < 0.5 ? 'y' : 'line ' + i + ' '.repeat(Math.floor(rnd() * 30));
    if (rnd() < 0.05) e.e = rnd() < 0.5 ? 1 : 2;
    if (rnd() < 0.05) e.o = 1;
    if (rnd() < 0.05) e.d = 1;
    out.push(e);
  }
  return out;
}

function records(all: LineEntry[], sizes: number[]): string[] {
  const out: string[] = [];
  for (let i = 0, k = 0; i < all.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(encodeLines(all.slice(i, i + n)));
    i += n;
  }
  return out;
}

describe('line records packed as columns', () => {
  it('re-cuts records exactly as encoding their lines again would', () => {
    const yes = Array.from({ length: 5000 }, (_, i): LineEntry => ({
      s: 7 + i,
      a: i < 2500 ? 3 : 9,
      t: 'y',
    }));
    for (const all of [lines(5000), yes]) {
      const cols = records(all, [1, 7, 300, 2, 1000]).map((b) => lineColumns(b)!);
      expect(cols.every((c) => c !== null)).toBe(true);
      expect(inSeqOrder(cols)).toBe(true);
      for (const per of [1, 5, 8192, 333]) {
        const want: string[] = [];
        for (let i = 0; i < all.length; i += per) want.push(encodeLines(all.slice(i, i + per)));
        expect([...linesBodies(cols, per)]).toEqual(want);
      }
    }
  });

  it('leaves to the general path what it cannot keep as columns', () => {
    expect(lineColumns(encodeLines([{ s: 0, a: 0, t: 'héllo' }]))).toBeNull();
    expect(
      lineColumns(
        encodeLines([
          { s: 3, a: 0, t: 'b' },
          { s: 2, a: 0, t: 'a' },
        ]),
      ),
    ).toBeNull();
    expect(lineColumns('L{"s":0,"a":0}\nx')).toBeNull();
    expect(lineColumns('C{"s":[0],"a":[0],"l":[2]}\nx')).toBeNull();
    expect(lineColumns('C{"s":[0],"a":[0]\nx')).toBeNull();
    const a = lineColumns(encodeLines([{ s: 5, a: 0, t: 'a' }]))!;
    const b = lineColumns(encodeLines([{ s: 4, a: 0, t: 'b' }]))!;
    expect(inSeqOrder([a, b])).toBe(false);
  });

  it('packs segments that read back line for line, mixed with non-ASCII and out-of-order records', async () => {
    const all = lines(20_000);
    const bodies = records(all, [2000]);
    const rows: StoredRecord[] = bodies.map((body, i) => {
      const e = all.slice(i * 2000, (i + 1) * 2000);
      return { recordNo: i, kind: RecordKind.Lines, seqFirst: e[0]!.s, seqLast: e.at(-1)!.s, body };
    });
    const extra = [
      { s: all.at(-1)!.s + 1, a: 9, t: 'ünïcode' },
      { s: all.at(-1)!.s + 2, a: 9, t: 'plain' },
    ];
    rows.push({
      recordNo: rows.length,
      kind: RecordKind.Lines,
      seqFirst: extra[0]!.s,
      seqLast: extra[1]!.s,
      body: encodeLines(extra),
    });
    const segments = await packSegments(rows);
    const got = (await decodeStoredRecordsAsync(segments)).flatMap((r: LogRecord) =>
      r.k === 'l' ? r.e : [],
    );
    got.sort((x, y) => x.s - y.s);
    expect(got).toEqual([...all, ...extra]);
  });
});
