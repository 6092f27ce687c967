// Remembers the most recent delta identities to drop exact repeats, in bounded memory.

export class DedupeWindow {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 16_384) {
    this.#capacity = capacity;
  }

  /** True when `key` was seen within the window; otherwise remembers it. */
  seen(key: string): boolean {
    if (this.#seen.has(key)) return true;
    this.#seen.add(key);
    if (this.#seen.size > this.#capacity) {
      // Sets iterate in insertion order: the first value is the oldest.
      this.#seen.delete(this.#seen.values().next().value as string);
    }
    return false;
  }
}
