// Line records packed into a segment without an object per line. Compaction used to decode every line
// record into line entries ({s, a, t}, ~80 bytes each with its text) and hold a segment's worth of them
// (~60,000 short lines) while the segment filled: they outlived the young generation, and compacting a
// 66-million-line `yes` run pushed gigabytes through the old one (the heap swung by 100 MB). Here a
// line record whose text is all ASCII and whose lines are in seq order waits as its body and parsed
// column header (run-length coded: a few numbers for `yes`), and is re-cut into records of at most
// `perRecord` lines with the same columns and texts as encodeLines would give.
import { LINES_MARK, column, values, type Column, type LinesHeader } from '../records/lines-codec.js';

/** One stored line record, kept as its body and parsed header. */
export interface LineColumns {
  body: string;
  head: LinesHeader;
  /** Where the texts start in `body`. */
  textsAt: number;
  n: number;
  seqFirst: number;
  seqLast: number;
  /** Sum of the text lengths. */
  textLength: number;
}

/**
 * The body as columns, or null when it must take the general path: not the current line format, a
 * text that is not ASCII, lines out of seq order, or anything inconsistent (the decoder then reports it).
 */
export function lineColumns(body: string): LineColumns | null {
  if (body[0] !== LINES_MARK) return null;
  const nl = body.indexOf('\n');
  if (nl < 0) return null;
  // The header is ASCII, so this says whether every text is (base64 texts of undecodable bytes are).
  if (Buffer.byteLength(body) !== body.length) return null;
  let head: LinesHeader;
  try {
    head = JSON.parse(body.slice(1, nl)) as LinesHeader;
  } catch {
    return null;
  }
  const n = count(head.s);
  if (n === 0 || count(head.a) !== n || count(head.l) !== n) return null;
  const seq = seqRange(head.s);
  if (seq === null) return null;
  const textLength = sum(head.l);
  if (textLength !== body.length - nl - 1) return null;
  const f = head.f;
  if (f !== undefined) {
    if (!Array.isArray(f) || f.length % 2 !== 0) return null;
    for (let k = 0; k < f.length; k += 2)
      if (!(f[k]! >= 0 && f[k]! < n) || (k > 0 && f[k]! <= f[k - 2]!)) return null;
  }
  return { body, head, textsAt: nl + 1, n, seqFirst: seq[0], seqLast: seq[1], textLength };
}

/** Whether the records' lines, one after the other, are in seq order. */
export function inSeqOrder(chunks: readonly LineColumns[]): boolean {
  for (let i = 1; i < chunks.length; i++) if (chunks[i]!.seqFirst <= chunks[i - 1]!.seqLast) return false;
  return true;
}

/** The lines of `chunks` (in seq order, see inSeqOrder) as line record bodies of at most `perRecord` lines. */
export function* linesBodies(chunks: readonly LineColumns[], perRecord: number): Generator<string> {
  let s: number[] = [];
  let a: number[] = [];
  let l: number[] = [];
  let f: number[] = [];
  let texts: string[] = [];
  let prevS = 0;
  let prevA = 0;
  const body = () => {
    const head: LinesHeader = { s: column(s), a: column(a), l: column(l) };
    if (f.length > 0) head.f = f;
    texts.unshift(LINES_MARK + JSON.stringify(head) + '\n');
    const out = texts.join('');
    s = [];
    a = [];
    l = [];
    f = [];
    texts = [];
    prevS = 0;
    prevA = 0;
    return out;
  };
  for (const c of chunks) {
    const sd = values(c.head.s);
    const ad = values(c.head.a);
    const ld = values(c.head.l);
    const flags = c.head.f ?? [];
    let fi = 0;
    let absS = 0;
    let absA = 0;
    let pos = c.textsAt;
    for (let i = 0; i < c.n;) {
      const take = Math.min(c.n - i, perRecord - s.length);
      const base = s.length - i;
      const from = pos;
      for (let k = i; k < i + take; k++) {
        absS += sd[k]!;
        absA += ad[k]!;
        s.push(absS - prevS);
        a.push(absA - prevA);
        prevS = absS;
        prevA = absA;
        l.push(ld[k]!);
        pos += ld[k]!;
      }
      for (; fi < flags.length && flags[fi]! < i + take; fi += 2) f.push(flags[fi]! + base, flags[fi + 1]!);
      texts.push(c.body.slice(from, pos));
      i += take;
      if (s.length === perRecord) yield body();
    }
  }
  if (s.length > 0) yield body();
}

function count(c: Column): number {
  if (Array.isArray(c)) return c.length;
  if (c === null || typeof c !== 'object' || !Array.isArray(c.r)) return -1;
  let n = 0;
  for (let k = 1; k < c.r.length; k += 2) n += c.r[k]!;
  return n;
}

function sum(c: Column): number {
  if (Array.isArray(c)) {
    let t = 0;
    for (const v of c) t += v;
    return t;
  }
  let t = 0;
  for (let k = 0; k < c.r.length; k += 2) t += c.r[k]! * c.r[k + 1]!;
  return t;
}

/** First and last seq of a seq-difference column whose differences after the first are all positive; else null. */
function seqRange(c: Column): [number, number] | null {
  let last = 0;
  let first = -1;
  let at = 0;
  const run = (v: number, times: number): boolean => {
    if (!Number.isInteger(v) || !Number.isInteger(times) || times < 1) return false;
    // Every value is a positive difference but the very first, the absolute seq.
    if (at === 0 ? v < 0 || (times > 1 && v <= 0) : v <= 0) return false;
    if (at === 0) first = v;
    at += times;
    last += v * times;
    return true;
  };
  if (Array.isArray(c)) {
    for (const v of c) if (!run(v, 1)) return null;
  } else for (let k = 0; k < c.r.length; k += 2) if (!run(c.r[k]!, c.r[k + 1]!)) return null;
  return first < 0 ? null : [first, last];
}
