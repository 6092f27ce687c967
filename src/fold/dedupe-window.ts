// Remembers the most recent delta identities to drop exact repeats, in bounded memory.
// Eviction uses a ring of keys: `map.keys().next()` after many deletes walks the tombstones left
// at the front of the table and made ingest 5× slower (250,000-delta ingest benchmark).

export class DedupeWindow {
  /** identity → payload: a repeat must carry the same payload to count as a duplicate. */
  readonly #seen = new Map<string, string>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  // 4,096 delta lines: repeats from flaky captures come within a few lines; a bigger window cost
  // ~3× more per delta in the 250,000-delta ingest benchmark (hash table churn and retained lines).
  constructor(capacity = 4096) {
    this.#ring = new Array<string | undefined>(capacity);
  }

  /** True when `key` with this payload was seen within the window; otherwise remembers it. */
  seen(key: string, payload: string): boolean {
    const prev = this.#seen.get(key);
    if (prev !== undefined) return prev === payload;
    const evict = this.#ring[this.#next];
    if (evict !== undefined) this.#seen.delete(evict);
    this.#ring[this.#next] = key;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#seen.set(key, payload);
    return false;
  }
}
