// A line view's history (`raw`, `deltas`) read window by window from the stored rows: the rows stay
// compressed, and only those holding a window's seqs are decoded, a few megabytes at a time. Decoding
// every record of a run at once held a 70 MB line three times over (compressed, inflated, decoded).
import { decodeStoredRecordsAsync } from '../records/segment-codec.js';
import { RecordKind, type LogRecord, type StoredRecord } from '../records/types.js';
import { slicer } from '../util/turns.js';
import type { ReplayEntry } from './entry.js';
import { expandRecords } from './expand.js';
import { collectSeqs, RunCollector, type SeqRuns } from './seq-runs.js';

export type StoredRow = Pick<StoredRecord, 'kind' | 'body'>;

/** Decoded bytes a window decodes at once (more when one row alone is larger), and kept decoded per history. */
const WINDOW_BYTES = 4 * 1024 * 1024;
const CACHE_BYTES = 8 * 1024 * 1024;

export interface LineHistoryOptions {
  /** Decoded bytes of rows one piece of `windows` may need (tests make it small to cut many pieces). */
  windowBytes?: number;
}

export class LineHistory {
  readonly #rows: readonly StoredRow[];
  /** Records still in memory (an unfinished run's), after the rows: the last pseudo-row. */
  readonly #memory: readonly LogRecord[];
  /** Least and greatest seq each row holds, and its decoded size (bytes, estimated for old segments). */
  readonly #lo: Float64Array;
  readonly #hi: Float64Array;
  /** Rows holding any seq, by least seq; with each one's least seq, and the greatest seq of it and all before it. */
  readonly #byLo: Int32Array;
  readonly #sortedLo: Float64Array;
  readonly #maxHi: Float64Array;
  readonly #size: Float64Array;
  readonly #all: SeqRuns;
  readonly #visible: SeqRuns;
  readonly #windowBytes: number;
  readonly #cache = new Map<number, { recs: LogRecord[]; size: number }>();
  #cached = 0;
  /** Rows decoded since opened (index build excluded): what a test of windowed reading counts. */
  decodedRows = 0;
  /** No content block record: every view (messages, folded) is one item per line. */
  readonly lineOnly: boolean;
  /** ... and no stdout line is a JSON object: a conversation of it is one raw entry per line. */
  readonly plainText: boolean;
  /** Items of the block records, summed over every record (what a run's `deltasFolded` counts). */
  readonly blockItems: number;

  private constructor(
    rows: readonly StoredRow[],
    memory: readonly LogRecord[],
    index: {
      lo: Float64Array;
      hi: Float64Array;
      size: Float64Array;
      all: SeqRuns;
      visible: SeqRuns;
      kinds: RowKinds;
    },
    o: LineHistoryOptions,
  ) {
    this.lineOnly = !index.kinds.blocks;
    this.plainText = !index.kinds.blocks && !index.kinds.objects;
    this.blockItems = index.kinds.blockItems;
    this.#windowBytes = o.windowBytes ?? WINDOW_BYTES;
    this.#rows = rows;
    this.#memory = memory;
    this.#lo = index.lo;
    this.#hi = index.hi;
    const order: number[] = [];
    for (let r = 0; r < index.lo.length; r++) if (index.lo[r]! <= index.hi[r]!) order.push(r);
    order.sort((a, b) => index.lo[a]! - index.lo[b]! || a - b);
    this.#byLo = Int32Array.from(order);
    this.#sortedLo = Float64Array.from(order, (r) => index.lo[r]!);
    this.#maxHi = new Float64Array(order.length);
    order.forEach(
      (r, j) => (this.#maxHi[j] = Math.max(index.hi[r]!, j > 0 ? this.#maxHi[j - 1]! : -Infinity)),
    );
    this.#size = index.size;
    this.#all = index.all;
    this.#visible = index.visible;
  }

  /** Indexes the rows: each is decoded once, in order (the next one inflating meanwhile), then let go. */
  static async open(
    rows: readonly StoredRow[],
    memory: readonly LogRecord[] = [],
    o: LineHistoryOptions = {},
  ): Promise<LineHistory> {
    const n = rows.length + 1;
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    const size = new Float64Array(n);
    const all = new RunCollector();
    const visible = new RunCollector();
    const turn = slicer();
    const tail: { r: number; recs: LogRecord[] }[] = [];
    const kinds: RowKinds = { blocks: false, objects: false, blockItems: 0 };
    let next = rows.length > 0 ? decodeStoredRecordsAsync([rows[0]!]) : null;
    for (let r = 0; r < rows.length; r++) {
      const recs = await next!;
      next = r + 1 < rows.length ? decodeStoredRecordsAsync([rows[r + 1]!]) : null;
      // A later row's failure is awaited in its turn; meanwhile it must not be an unhandled rejection.
      next?.catch(() => {});
      const range = collectSeqs(recs, all, visible);
      noteKinds(recs, kinds);
      lo[r] = range.lo;
      hi[r] = range.hi;
      size[r] = decodedSize(rows[r]!, range.lines);
      tail.push({ r, recs });
      if (tail.length > 2) tail.shift();
      await turn();
    }
    const range = collectSeqs(memory, all, visible);
    noteKinds(memory, kinds);
    lo[n - 1] = range.lo;
    hi[n - 1] = range.hi;
    const h = new LineHistory(
      rows,
      memory,
      {
        lo,
        hi,
        size,
        all: all.toSeqRuns(),
        visible: visible.toSeqRuns(),
        kinds,
      },
      o,
    );
    // The last rows stay decoded: a view opens at the end.
    for (const { r, recs } of tail) h.#keep(r, recs);
    return h;
  }

  /** Sorted unique seqs of the lines the view shows (`repeats`: with exact repeats of deltas, the `raw` view). */
  seqs(repeats: boolean): SeqRuns {
    return repeats ? this.#all : this.#visible;
  }

  /** Bytes this history holds (compressed rows and index), for a cache's budget; its decoded rows add at most CACHE_BYTES. */
  get weight(): number {
    let w = this.#lo.length * 24 + (this.#all.runs + this.#visible.runs) * 16 + CACHE_BYTES;
    for (const r of this.#rows) w += r.body.length;
    return w;
  }

  /**
   * The entries with afterSeq < seq <= toSeq, in seq order, in pieces: each piece decodes only the rows
   * holding its seqs, about WINDOW_BYTES of them (a row larger than that alone). Records overlapping in
   * seqs keep the first one's meaning, as `expandRecords` does over all of them.
   */
  async *windows(afterSeq: number, toSeq: number, repeats: boolean): AsyncGenerator<ReplayEntry[]> {
    const candidates = this.#rowsIn(afterSeq + 1, toSeq);
    if (candidates.length === 0) return;
    // Where the set of rows changes: each piece ends just before one of these.
    const cutSet = new Set<number>();
    for (const r of candidates) {
      if (this.#lo[r]! > afterSeq + 1) cutSet.add(this.#lo[r]!);
      if (this.#hi[r]! + 1 <= toSeq) cutSet.add(this.#hi[r]! + 1);
    }
    const cuts = [...cutSet].sort((a, b) => a - b);
    cuts.push(toSeq + 1);
    let start = afterSeq + 1;
    let k = 0;
    while (start <= toSeq) {
      let end = cuts[k++]!;
      let rows = this.#rowsIn(start, end - 1);
      while (k < cuts.length) {
        const wider = this.#rowsIn(start, cuts[k]! - 1);
        if (this.#sizeOf(wider) > this.#windowBytes) break;
        ((end = cuts[k++]!), (rows = wider));
      }
      const records: LogRecord[] = [];
      for (const r of rows) for (const rec of await this.#decode(r)) records.push(rec);
      const entries = expandRecords(records, { afterSeq: start - 1, toSeq: end - 1, repeats });
      if (entries.length > 0) yield entries;
      start = end;
    }
  }

  /**
   * The view's lines [from, to) (indexes into `seqs(repeats)`), `step` lines at a time, each step in pieces
   * as `windows` cuts them: a caller turning the loop between pieces never holds it for long.
   */
  async *lines(from: number, to: number, repeats: boolean, step = 4096): AsyncGenerator<ReplayEntry[]> {
    const seqs = this.seqs(repeats);
    for (let i = from; i < to; i += step) {
      const end = Math.min(to, i + step);
      yield* this.windows(seqs.at(i) - 1, seqs.at(end - 1), repeats);
    }
  }

  /** Every entry after `afterSeq` (a conversation snapshot needs them all). */
  async entries(afterSeq: number, repeats: boolean): Promise<ReplayEntry[]> {
    const out: ReplayEntry[] = [];
    for await (const piece of this.windows(afterSeq, Number.MAX_SAFE_INTEGER, repeats))
      for (const e of piece) out.push(e);
    return out;
  }

  /** The rows holding a seq in [from, to], in row order (the order records keep their meaning in). */
  #rowsIn(from: number, to: number): number[] {
    // The last row (by least seq) starting at or before `to`; walked back while any row before may reach `from`.
    let lo = 0;
    let hi = this.#sortedLo.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#sortedLo[mid]! <= to) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let j = lo - 1; j >= 0 && this.#maxHi[j]! >= from; j--) {
      const r = this.#byLo[j]!;
      if (this.#hi[r]! >= from) out.push(r);
    }
    return out.sort((a, b) => a - b);
  }

  #sizeOf(rows: readonly number[]): number {
    let s = 0;
    for (const r of rows) s += this.#size[r]!;
    return s;
  }

  async #decode(r: number): Promise<readonly LogRecord[]> {
    if (r === this.#rows.length) return this.#memory;
    const hit = this.#cache.get(r);
    if (hit !== undefined) {
      this.#cache.delete(r);
      this.#cache.set(r, hit);
      return hit.recs;
    }
    this.decodedRows++;
    const recs = await decodeStoredRecordsAsync([this.#rows[r]!]);
    this.#keep(r, recs);
    return recs;
  }

  #keep(r: number, recs: LogRecord[]): void {
    const size = this.#size[r]!;
    if (size > CACHE_BYTES || this.#cache.has(r)) return;
    this.#cache.set(r, { recs, size });
    this.#cached += size;
    for (const [k, v] of this.#cache) {
      if (this.#cached <= CACHE_BYTES) break;
      this.#cache.delete(k);
      this.#cached -= v.size;
    }
  }
}

/**
 * What a row weighs decoded: its text (a deflate segment records its length; an old brotli one is
 * estimated from its compressed size) and an object per line: a segment of 50,000 short lines is
 * 250 KB of text but 5 MB of records, and counting the text alone kept a million-line run decoded.
 */
function decodedSize(row: StoredRow, lines: number): number {
  const text =
    row.kind === RecordKind.DeflateSegment && Buffer.isBuffer(row.body) && row.body.length >= 4
      ? row.body.readUInt32LE(0)
      : row.kind === RecordKind.Segment
        ? row.body.length * 8
        : row.body.length;
  return text + lines * BYTES_PER_LINE;
}

/** A decoded line's object, its text's header and its slot in an array (V8, 64-bit, measured in a heap snapshot: ~100). */
const BYTES_PER_LINE = 100;

interface RowKinds {
  blocks: boolean;
  objects: boolean;
  blockItems: number;
}

/** Notes block records, and stdout lines that a conversation would read as JSON (`{` after a BOM and spaces). */
function noteKinds(records: readonly LogRecord[], kinds: RowKinds): void {
  for (const r of records) {
    if (r.k === 'b') {
      kinds.blocks = true;
      kinds.blockItems += r.n;
      continue;
    }
    if (kinds.objects) continue;
    for (const e of r.e) {
      if (e.o === 1) continue;
      const text = e.t ?? Buffer.from(e.b ?? '', 'base64').toString('utf8');
      let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      while (i < text.length && text.charCodeAt(i) <= 32) i++;
      if (text.charCodeAt(i) === 123 /* { */) {
        kinds.objects = true;
        break;
      }
    }
  }
}
