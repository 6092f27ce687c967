// Line record bodies: `C<columns JSON>\n<texts>`. Per-line figures are columns (seq and arrival as
// differences, text lengths), each run-length coded when that is shorter, and the rare flags (CRLF, no
// newline, stderr, repeat, not UTF-8) a sparse list; the texts follow, concatenated, out of JSON. A dev
// server printing short lines costs a few bytes of header per line instead of a JSON object each (29
// bytes per `y` line of `yes` before), and decoding parses arrays of numbers, not an object per line.
// Bodies of tokenfold 0.1 (`L` + one header object per line) still decode.
import type { LineEntry, LinesRecord } from './types.js';

export const LINES_MARK = 'C';
export const LEGACY_LINES_MARK = 'L';

/** A column: plain values, or `{ r: [value, count, …] }` when runs make it shorter. */
export type Column = number[] | { r: number[] };

export interface LinesHeader {
  /** Seq differences (first absolute), arrival differences (ms), text lengths (base64 length for bytes). */
  s: Column;
  a: Column;
  l: Column;
  /** Sparse flags: [line index, bits, …]; bits: 1 CRLF, 2 no newline, 4 stderr, 8 repeat, 16 bytes (base64 text). */
  f?: number[];
}

const CRLF = 1;
const NO_EOL = 2;
const STDERR = 4;
const REPEAT = 8;
const BYTES = 16;

export function encodeLines(entries: readonly LineEntry[]): string {
  const n = entries.length;
  const s = new Array<number>(n);
  const a = new Array<number>(n);
  const l = new Array<number>(n);
  const f: number[] = [];
  // Joined once at the end, not appended line by line: `+=` builds a rope of one node per line (32
  // bytes each), and a batch queued for its transaction lived long enough for the nodes to reach the
  // old generation. A `yes` run promoted ~200 MB/s of them, and the heap swung by over 100 MB.
  const texts = new Array<string>(n);
  let prevS = 0;
  let prevA = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    s[i] = e.s - prevS;
    a[i] = e.a - prevA;
    prevS = e.s;
    prevA = e.a;
    const t = e.t ?? e.b ?? '';
    l[i] = t.length;
    texts[i] = t;
    const bits =
      (e.e === 1 ? CRLF : e.e === 2 ? NO_EOL : 0) |
      (e.o === 1 ? STDERR : 0) |
      (e.d === 1 ? REPEAT : 0) |
      (e.t === undefined ? BYTES : 0);
    if (bits !== 0) f.push(i, bits);
  }
  const head: LinesHeader = { s: column(s), a: column(a), l: column(l) };
  if (f.length > 0) head.f = f;
  texts.unshift(LINES_MARK + JSON.stringify(head) + '\n');
  return texts.join('');
}

export function decodeLines(body: string): LinesRecord {
  if (body[0] === LEGACY_LINES_MARK) return decodeLegacyLines(body);
  const nl = body.indexOf('\n');
  if (nl < 0) throw new Error('corrupt line record: no header');
  const head = JSON.parse(body.slice(1, nl)) as LinesHeader;
  const s = values(head.s);
  const a = values(head.a);
  const l = values(head.l);
  const n = s.length;
  if (a.length !== n || l.length !== n) throw new Error('corrupt line record: columns differ in length');
  const e: LineEntry[] = new Array(n);
  let pos = nl + 1;
  let seq = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    seq += s[i]!;
    at += a[i]!;
    e[i] = { s: seq, a: at, t: body.slice(pos, (pos += l[i]!)) };
  }
  if (pos !== body.length) throw new Error('corrupt line record: text lengths do not match');
  const f = head.f ?? [];
  for (let k = 0; k < f.length; k += 2) {
    const entry = e[f[k]!];
    const bits = f[k + 1]!;
    if (entry === undefined) throw new Error('corrupt line record: flag past the last line');
    if (bits & CRLF) entry.e = 1;
    else if (bits & NO_EOL) entry.e = 2;
    if (bits & STDERR) entry.o = 1;
    if (bits & REPEAT) entry.d = 1;
    if (bits & BYTES) {
      entry.b = entry.t!;
      delete entry.t;
    }
  }
  return { k: 'l', e };
}

/** Plain values, or run-length pairs when they are fewer than half as many numbers. */
function column(v: number[]): Column {
  const r: number[] = [];
  for (let i = 0; i < v.length;) {
    let j = i + 1;
    while (j < v.length && v[j] === v[i]) j++;
    r.push(v[i]!, j - i);
    if (r.length * 2 > v.length) return v;
    i = j;
  }
  return { r };
}

function values(c: Column): number[] {
  if (Array.isArray(c)) return c;
  const out: number[] = [];
  const r = c.r;
  for (let k = 0; k < r.length; k += 2) for (let n = r[k + 1]!, v = r[k]!; n > 0; n--) out.push(v);
  return out;
}

interface LegacyLineHeader {
  s: number;
  a: number;
  n?: number;
  b?: string;
  e?: 1 | 2;
  o?: 1;
  d?: 1;
}

/** `L<one header object per line>\n<texts>` (tokenfold 0.1). */
function decodeLegacyLines(body: string): LinesRecord {
  const nl = body.indexOf('\n');
  const head = JSON.parse(body.slice(1, nl)) as LegacyLineHeader[];
  let pos = nl + 1;
  const e: LineEntry[] = new Array(head.length);
  for (let i = 0; i < head.length; i++) {
    const h = head[i]!;
    const entry: LineEntry = { s: h.s, a: h.a };
    if (h.n !== undefined) {
      entry.t = body.slice(pos, pos + h.n);
      pos += h.n;
    }
    if (h.b !== undefined) entry.b = h.b;
    if (h.e !== undefined) entry.e = h.e;
    if (h.o !== undefined) entry.o = h.o;
    if (h.d !== undefined) entry.d = h.d;
    e[i] = entry;
  }
  return { k: 'l', e };
}
