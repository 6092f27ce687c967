// Record numbers of one execution's rows. The store keeps an execution's rows in a bounded range
// (2^24 in SQLite: row id = execution × 2^24 + record), and a dev server printing 10k lines/s fills it
// in about two days. So the writer numbers rows itself rather than storing the folder's ever-growing
// numbers, and when a run nears the limit it compacts the run's final rows in place, into segments at
// the bottom of the range (see renumber.ts), then numbers new rows from just above them.
//
// Why renumbering and not a wider id: any split of a 53-bit exact integer between executions and
// records puts a limit on one of them (2^32 records leaves 2^21 executions), a composite key or BigInt
// ids would slow every read (`npm run bench:layout`), and compacted segments take a thousand rows'
// worth of output each, so a range that is renumbered now and then never fills.

/** Renumbering starts this many numbers before the limit: ~1M rows, hours of the fastest output. */
export const RENUMBER_HEADROOM = 2 ** 20;

export class RecordLane {
  readonly execNum: number;
  readonly limit: number;
  readonly renumberAt: number;
  /** Next number to hand out; every row at or above it is free. */
  next: number;
  /** Below this, rows are segments (or open-block parts) left by the last renumbering. */
  compactEnd = 0;
  /** An in-place renumbering under way: rows below `cursor` are done, segments go from `w` up. */
  renumber: { cursor: number; w: number } | null = null;
  /** Renumbering freed too little: the range is full of segments (terabytes of output); writes past the limit wait. */
  exhausted = false;
  /** Numbers of open-block parts by the folder's number: the folder may delete them later. */
  readonly #parts = new Map<number, number>();
  /** Numbers renumbering must leave alone: live parts, and deleted ones until their delete commits. */
  readonly occupied = new Set<number>();

  constructor(
    execNum: number,
    limit: number,
    first = 0,
    renumberAt = limit - Math.min(RENUMBER_HEADROOM, limit >> 2),
  ) {
    this.execNum = execNum;
    this.limit = limit;
    this.next = first;
    this.renumberAt = renumberAt;
  }

  /** Whether `n` more rows fit below the limit now (conservatively: as if every part were above `next`). */
  fits(n: number): boolean {
    return this.next + n + this.occupied.size <= this.limit;
  }

  /** The number for the folder's record `folderNo`; `final` records are never deleted or replaced later. */
  assign(folderNo: number, final: boolean): number {
    const no = this.nextFree(this.next);
    this.next = no + 1;
    if (!final) {
      this.#parts.set(folderNo, no);
      this.occupied.add(no);
    }
    return no;
  }

  /** The numbers of parts the folder deletes; they stay occupied until `free` (after the commit). */
  release(folderNos: readonly number[]): number[] {
    const out: number[] = [];
    for (const f of folderNos) {
      const no = this.#parts.get(f);
      if (no === undefined) continue;
      this.#parts.delete(f);
      out.push(no);
    }
    return out;
  }

  free(no: number): void {
    this.occupied.delete(no);
  }

  /** The first number at or above `from` that no part holds. */
  nextFree(from: number): number {
    let no = from;
    while (this.occupied.has(no)) no++;
    return no;
  }

  get needsRenumbering(): boolean {
    return this.renumber === null && !this.exhausted && this.next >= this.renumberAt;
  }

  /** Whether renumbering can start now, to make room for a burst that does not fit (even below `renumberAt`). */
  get canRenumber(): boolean {
    return this.renumber === null && !this.exhausted && this.next > this.compactEnd;
  }

  startRenumbering(): void {
    this.renumber = { cursor: this.compactEnd, w: this.compactEnd };
  }

  /** Every row below `next` is done: number new rows from just above the segments. */
  finishRenumbering(): void {
    const w = this.renumber!.w;
    this.renumber = null;
    this.compactEnd = w;
    this.next = this.nextFree(w);
    this.exhausted = this.next >= this.renumberAt;
  }
}
