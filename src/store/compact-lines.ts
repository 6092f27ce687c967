// Line records packed into a segment without an object per line. Compaction used to decode every line
// record into line entries ({s, a, t}, ~80 bytes each with its text) and hold a segment's worth of them
// (~60,000 short lines) while the segment filled: they outlived the young generation, and compacting a
// 66-million-line `yes` run pushed gigabytes through the old one (the heap swung by 100 MB). Here a
// line record whose text is all ASCII and whose lines are in seq order waits as its body and parsed
// column header (run-length coded: a few numbers for `yes`), and is re-cut into records of at most
// `perRecord` lines with the same columns and texts as encodeLines would give.
import { LINES_MARK, type Column, type LinesHeader } from '../records/lines-codec.js';

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

/**
 * The lines of `chunks` (in seq order, see inSeqOrder) as line record bodies of at most `perRecord` lines.
 * Columns go from run to run, not line by line: a `yes` record's runs are a few numbers, and expanding
 * them (three arrays of numbers per record, then three more for the output) was most of what compaction
 * allocated.
 */
export function* linesBodies(chunks: readonly LineColumns[], perRecord: number): Generator<string> {
  let s = new RunBuilder();
  let a = new RunBuilder();
  let l = new RunBuilder();
  let f: number[] = [];
  let texts: string[] = [];
  // Absolute seq and arrival of the record's last line so far (0 before its first: the first is absolute).
  const ss = { abs: 0, out: 0 };
  const as = { abs: 0, out: 0 };
  // The record so far is this one stored record, whole: its body is the record's (no copy of its texts).
  let whole: LineColumns | null = null;
  const body = () => {
    let out: string;
    if (whole !== null) out = whole.body;
    else {
      const head: LinesHeader = { s: s.column(), a: a.column(), l: l.column() };
      if (f.length > 0) head.f = f;
      texts.unshift(LINES_MARK + JSON.stringify(head) + '\n');
      out = texts.join('');
    }
    whole = null;
    s = new RunBuilder();
    a = new RunBuilder();
    l = new RunBuilder();
    f = [];
    texts = [];
    ss.out = 0;
    as.out = 0;
    return out;
  };
  for (const c of chunks) {
    const sr = new Runs(c.head.s);
    const ar = new Runs(c.head.a);
    const lr = new Runs(c.head.l);
    const ls = { abs: 0, out: 0 };
    const flags = c.head.f ?? [];
    let fi = 0;
    ss.abs = 0;
    as.abs = 0;
    let pos = c.textsAt;
    for (let i = 0; i < c.n;) {
      const take = Math.min(c.n - i, perRecord - s.n);
      whole = s.n === 0 && take === c.n ? c : null;
      const base = s.n - i;
      // The first line of the record, or of the chunk: its difference is from another line than the stored one.
      const first = i === 0 || s.n === 0;
      takeRuns(sr, take, first, ss, s);
      takeRuns(ar, take, first, as, a);
      const from = pos;
      takeRuns(lr, take, false, ls, l);
      pos = c.textsAt + ls.abs;
      for (; fi < flags.length && flags[fi]! < i + take; fi += 2) f.push(flags[fi]! + base, flags[fi + 1]!);
      texts.push(c.body.slice(from, pos));
      i += take;
      if (s.n === perRecord) yield body();
    }
  }
  if (s.n > 0) yield body();
}

/** A column read run by run (a plain column: runs of one). */
class Runs {
  readonly #r: number[] | null;
  readonly #plain: number[] | null;
  #k = 0;
  /** Left in the current run. */
  #left: number;

  constructor(c: Column) {
    this.#r = Array.isArray(c) ? null : c.r;
    this.#plain = Array.isArray(c) ? c : null;
    this.#left = this.#r !== null ? (this.#r[1] ?? 0) : 1;
  }

  get value(): number {
    return this.#r !== null ? this.#r[this.#k]! : this.#plain![this.#k]!;
  }

  get left(): number {
    return this.#left;
  }

  advance(n: number): void {
    this.#left -= n;
    if (this.#left > 0) return;
    if (this.#r !== null) {
      this.#k += 2;
      this.#left = this.#r[this.#k + 1] ?? 0;
    } else {
      this.#k++;
      this.#left = 1;
    }
  }
}

/** Builds a column as column() would from the same values: run-length coded when that is shorter. */
class RunBuilder {
  readonly #runs: number[] = [];
  n = 0;

  push(v: number, times: number): void {
    const r = this.#runs;
    if (r.length > 0 && r[r.length - 2] === v) r[r.length - 1]! += times;
    else r.push(v, times);
    this.n += times;
  }

  column(): Column {
    const r = this.#runs;
    if (r.length * 2 <= this.n) return { r };
    const out = new Array<number>(this.n);
    let i = 0;
    for (let k = 0; k < r.length; k += 2) for (let t = r[k + 1]!; t > 0; t--) out[i++] = r[k]!;
    return out;
  }
}

/**
 * Moves `take` lines of a difference column from `runs` to `out`; `st.abs` follows the absolute value of
 * the chunk's lines, `st.out` that of the record's last line. `first`: the first line taken differs from
 * the record's previous line (or is absolute at the record's start), not from the chunk's previous line.
 */
function takeRuns(
  runs: Runs,
  take: number,
  first: boolean,
  st: { abs: number; out: number },
  out: RunBuilder,
): void {
  let left = take;
  if (first && left > 0) {
    st.abs += runs.value;
    runs.advance(1);
    out.push(st.abs - st.out, 1);
    left--;
  }
  while (left > 0) {
    const k = Math.min(runs.left, left);
    const v = runs.value;
    out.push(v, k);
    st.abs += v * k;
    runs.advance(k);
    left -= k;
  }
  st.out = st.abs;
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
