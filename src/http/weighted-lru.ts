// A small LRU bounded by weight (bytes), for what finished (compacted, immutable) executions decode to.

export class WeightedLru<T> {
  readonly #entries = new Map<string, { value: T; weight: number }>();
  readonly #maxWeight: number;
  #weight = 0;

  constructor(maxWeight: number) {
    this.#maxWeight = maxWeight;
  }

  /** The value held for `key`, if any (without touching its place in the order). */
  peek(key: string): T | undefined {
    return this.#entries.get(key)?.value;
  }

  async get(key: string, weight: (v: T) => number, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    const value = await load();
    const w = weight(value);
    if (w <= this.#maxWeight) {
      this.#entries.set(key, { value, weight: w });
      this.#weight += w;
      for (const [k, v] of this.#entries) {
        if (this.#weight <= this.#maxWeight) break;
        this.#entries.delete(k);
        this.#weight -= v.weight;
      }
    }
    return value;
  }
}
