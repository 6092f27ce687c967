// Remembers the most recent delta identities to drop exact repeats, in bounded memory.
// A ring of the last N identities plus an open-addressing hash table of ring slots (typed arrays,
// linear probing, backward-shift deletion: no tombstones). A Map with one delete and one insert per
// delta cost ~12% of the 250,000-delta ingest (its table churned and rehashed); this is about a third.

export class DedupeWindow {
  readonly #keys: (string | undefined)[];
  /** A repeat must carry the same payload to count as a duplicate. */
  readonly #payloads: (string | undefined)[];
  readonly #hashes: Int32Array;
  /** Ring slot + 1 per table cell; 0 = empty. Twice the ring's size keeps probes short. */
  readonly #table: Int32Array;
  readonly #mask: number;
  #next = 0;

  // 4,096 delta lines: repeats from flaky captures come within a few lines.
  constructor(capacity = 4096) {
    this.#keys = new Array<string | undefined>(capacity);
    this.#payloads = new Array<string | undefined>(capacity);
    this.#hashes = new Int32Array(capacity);
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.#table = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** True when `key` with this payload was seen within the window; otherwise remembers it. */
  seen(key: string, payload: string): boolean {
    const h = hashString(key);
    const table = this.#table;
    const mask = this.#mask;
    for (let i = h & mask; table[i] !== 0; i = (i + 1) & mask) {
      const slot = table[i]! - 1;
      if (this.#hashes[slot] === h && this.#keys[slot] === key) return this.#payloads[slot] === payload;
    }
    const slot = this.#next;
    if (this.#keys[slot] !== undefined) this.#remove(slot);
    this.#keys[slot] = key;
    this.#payloads[slot] = payload;
    this.#hashes[slot] = h;
    let i = h & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
    this.#next = (slot + 1) % this.#keys.length;
    return false;
  }

  /** Takes a ring slot out of the table, shifting later entries of its probe run back into the hole. */
  #remove(slot: number): void {
    const table = this.#table;
    const mask = this.#mask;
    let hole = this.#hashes[slot]! & mask;
    while (table[hole] !== slot + 1) hole = (hole + 1) & mask;
    table[hole] = 0;
    for (let j = (hole + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.#hashes[table[j]! - 1]! & mask;
      // The entry at j may fill the hole if its home is not between the hole and j.
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        table[hole] = table[j]!;
        table[j] = 0;
        hole = j;
      }
    }
    this.#keys[slot] = undefined;
    this.#payloads[slot] = undefined;
  }
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
