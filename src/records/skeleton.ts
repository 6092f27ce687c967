// A folded line's skeleton: the line without its payload string (head + tail around the hole), or the
// whole line for a progress line (no hole). Consecutive skeletons of one block channel differ in a field
// or two (the uuid, a capture timestamp, a token count), so each is stored as the comma-separated parts
// that changed since the previous one. Splitting at commas is lossless wherever the commas fall, so any
// field, known or not, in any order or spacing, regenerates byte for byte.
//
// Script per item, in a flat number column `k` with the changed texts concatenated in `kt`:
//   0                      same skeleton as the channel's previous item
//   n, (part, length)×n    n parts replaced (parts numbered across head then tail)
//   -1, hole, length       a whole skeleton; `hole` is where the payload goes, -1 for none

/** What a channel's skeleton was before a record's first item (for records that start mid-block). */
export type SkeletonBase = [hole: number, skeleton: string] | null;

export class SkeletonWriter {
  #head: string | undefined;
  #tail: string | null = null;
  #headParts: string[] | null = null;
  #tailParts: string[] | null = null;

  /** Appends the script for the next skeleton (`tail` null: no hole) to `k` and `kt`; returns kt's new text. */
  write(head: string, tail: string | null, k: number[], kt: string[]): void {
    const prevHead = this.#head;
    if (prevHead === undefined || (tail === null) !== (this.#tail === null))
      return this.#whole(head, tail, k, kt);
    const sameHead = head === prevHead;
    const sameTail = tail === this.#tail;
    if (sameHead && sameTail) {
      k.push(0);
      return;
    }
    const hp = (this.#headParts ??= prevHead.split(','));
    const tp = tail === null ? null : (this.#tailParts ??= this.#tail!.split(','));
    const nh = sameHead ? hp : head.split(',');
    const nt = sameTail || tail === null ? tp : tail.split(',');
    if (nh.length !== hp.length || (nt !== null && nt.length !== tp!.length))
      return this.#whole(head, tail, k, kt);
    const at = k.length;
    k.push(0);
    let n = 0;
    if (!sameHead) n += changed(hp, nh, 0, k, kt);
    if (!sameTail) n += changed(tp!, nt!, hp.length, k, kt);
    k[at] = n;
    this.#head = head;
    this.#tail = tail;
    this.#headParts = nh;
    this.#tailParts = nt;
  }

  /** The current skeleton, to start a record mid-block. */
  base(): SkeletonBase {
    return this.#head === undefined
      ? null
      : this.#tail === null
        ? [-1, this.#head]
        : [this.#head.length, this.#head + this.#tail];
  }

  #whole(head: string, tail: string | null, k: number[], kt: string[]): void {
    k.push(-1, tail === null ? -1 : head.length, head.length + (tail?.length ?? 0));
    kt.push(head);
    if (tail !== null) kt.push(tail);
    this.#head = head;
    this.#tail = tail;
    this.#headParts = null;
    this.#tailParts = null;
  }
}

function changed(before: string[], after: string[], offset: number, k: number[], kt: string[]): number {
  let n = 0;
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== before[i]) {
      k.push(offset + i, after[i]!.length);
      kt.push(after[i]!);
      n++;
    }
  }
  return n;
}

/** Replays one channel's scripts. `next` returns the item's line given its payload text (JSON-escaped). */
export class SkeletonReader {
  #head = '';
  #tail: string | null = null;
  #headParts: string[] | null = null;
  #tailParts: string[] | null = null;
  #started = false;

  constructor(base: SkeletonBase | undefined) {
    if (base) this.#set(base[0], base[1]);
  }

  /**
   * Applies the script at k[pos] (texts read from `kt` at `tpos`); returns the new positions packed by
   * the caller through `cursor` ([kPos, ktPos]).
   */
  apply(k: readonly number[], kt: string, cursor: [number, number]): void {
    let pos = cursor[0];
    let tpos = cursor[1];
    const op = k[pos++]!;
    if (op === -1) {
      const hole = k[pos++]!;
      const len = k[pos++]!;
      this.#set(hole, kt.slice(tpos, tpos + len));
      tpos += len;
    } else if (op > 0) {
      if (!this.#started) throw new Error('corrupt block record: a skeleton change before any skeleton');
      const hp = (this.#headParts ??= this.#head.split(','));
      const tp = this.#tail === null ? null : (this.#tailParts ??= this.#tail.split(','));
      let headChanged = false;
      let tailChanged = false;
      for (let j = 0; j < op; j++) {
        const part = k[pos++]!;
        const len = k[pos++]!;
        const text = kt.slice(tpos, tpos + len);
        tpos += len;
        if (part < hp.length) {
          hp[part] = text;
          headChanged = true;
        } else if (tp !== null && part - hp.length < tp.length) {
          tp[part - hp.length] = text;
          tailChanged = true;
        } else throw new Error('corrupt block record: skeleton part out of range');
      }
      if (headChanged) this.#head = hp.join(',');
      if (tailChanged) this.#tail = tp!.join(',');
    } else if (!this.#started) throw new Error('corrupt block record: an item before any skeleton');
    cursor[0] = pos;
    cursor[1] = tpos;
  }

  /** The line for the current skeleton: the payload's JSON text in the hole (none for a progress line). */
  line(payloadJson: string): string {
    return this.#tail === null ? this.#head : this.#head + payloadJson + this.#tail;
  }

  get hasHole(): boolean {
    return this.#tail !== null;
  }

  #set(hole: number, skeleton: string): void {
    this.#started = true;
    this.#headParts = null;
    this.#tailParts = null;
    if (hole < 0) {
      this.#head = skeleton;
      this.#tail = null;
    } else {
      this.#head = skeleton.slice(0, hole);
      this.#tail = skeleton.slice(hole);
    }
  }
}
