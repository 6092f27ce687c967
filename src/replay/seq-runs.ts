// Sorted, unique line seqs held as runs of consecutive numbers: a 60-million-line `yes` run is one run,
// not 480 MB of Float64Array. What a page of a long history is cut from.
import type { LogRecord } from '../records/types.js';

/** Sorted unique seqs: `at(i)` is the i-th, `lowerBound(s)` the index of the first one >= s. */
export interface SeqList {
  readonly length: number;
  at(i: number): number;
  lowerBound(seq: number): number;
}

export class SeqRuns implements SeqList {
  /** Run k holds starts[k], starts[k] + 1, … (ends[k] - starts[k] numbers); before[k]: seqs in runs before k. */
  readonly #starts: Float64Array;
  readonly #before: Float64Array;
  readonly length: number;

  /** From runs sorted by start, disjoint and not touching (see `unionRuns`). */
  constructor(starts: Float64Array, ends: Float64Array) {
    this.#starts = starts;
    this.#before = new Float64Array(starts.length + 1);
    for (let k = 0; k < starts.length; k++) this.#before[k + 1] = this.#before[k]! + ends[k]! - starts[k]!;
    this.length = this.#before[starts.length]!;
  }

  get runs(): number {
    return this.#starts.length;
  }

  at(i: number): number {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`seq index ${i} of ${this.length}`);
    // The last run starting at or before index i.
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#before[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.#starts[lo]! + (i - this.#before[lo]!);
  }

  lowerBound(seq: number): number {
    // The first run ending after seq (ends are exclusive: start + count).
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const end = this.#starts[mid]! + (this.#before[mid + 1]! - this.#before[mid]!);
      if (end <= seq) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.#starts.length) return this.length;
    return this.#before[lo]! + Math.max(0, Math.ceil(seq) - this.#starts[lo]!);
  }
}

/** Collects seqs (each ascending within a call of `add`) into runs [start, end). */
export class RunCollector {
  starts: number[] = [];
  ends: number[] = [];
  #sorted = true;

  add(seq: number): void {
    const n = this.ends.length;
    if (n > 0 && this.ends[n - 1] === seq) {
      this.ends[n - 1] = seq + 1;
      return;
    }
    if (n > 0 && seq < this.ends[n - 1]!) this.#sorted = false;
    this.starts.push(seq);
    this.ends.push(seq + 1);
  }

  /** Appends another collector's runs. */
  addRuns(other: RunCollector): void {
    for (let k = 0; k < other.starts.length; k++) {
      const n = this.ends.length;
      const s = other.starts[k]!;
      if (n > 0 && s < this.ends[n - 1]!) this.#sorted = false;
      if (n > 0 && s === this.ends[n - 1]) this.ends[n - 1] = other.ends[k]!;
      else (this.starts.push(s), this.ends.push(other.ends[k]!));
    }
  }

  /** The union of the runs (overlapping records hold some seqs twice). */
  toSeqRuns(): SeqRuns {
    if (this.#sorted) return new SeqRuns(Float64Array.from(this.starts), Float64Array.from(this.ends));
    const order = this.starts.map((_, k) => k).sort((a, b) => this.starts[a]! - this.starts[b]!);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const k of order) {
      const n = ends.length;
      if (n > 0 && this.starts[k]! <= ends[n - 1]!) ends[n - 1] = Math.max(ends[n - 1]!, this.ends[k]!);
      else (starts.push(this.starts[k]!), ends.push(this.ends[k]!));
    }
    return new SeqRuns(Float64Array.from(starts), Float64Array.from(ends));
  }
}

/**
 * Adds the seqs of every line the records show to `all` (repeats included: the `raw` view) and
 * `visible` (without exact repeats of deltas), as `visibleSeqs` defines them. Returns the least and
 * greatest seq the records hold (Infinity, -Infinity when none) and how many lines they hold.
 */
export function collectSeqs(
  records: readonly LogRecord[],
  all: RunCollector,
  visible: RunCollector,
): { lo: number; hi: number; lines: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let lines = 0;
  for (const r of records) {
    lines += r.k === 'l' ? r.e.length : r.n;
    if (r.k === 'l') {
      for (const e of r.e) {
        all.add(e.s);
        if (e.d !== 1) visible.add(e.s);
        if (e.s < lo) lo = e.s;
        if (e.s > hi) hi = e.s;
      }
    } else {
      let s = 0;
      for (const d of r.s) {
        s += d;
        all.add(s);
        visible.add(s);
        if (s < lo) lo = s;
        if (s > hi) hi = s;
      }
    }
  }
  return { lo, hi, lines };
}
