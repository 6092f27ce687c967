// A small LRU of decoded records of finished executions, bounded by the bytes they decoded from.
import type { LogRecord } from '../records/types.js';
import type { Execution } from '../store/types.js';

export class RecordCache {
  readonly #entries = new Map<string, { records: LogRecord[]; weight: number }>();
  readonly #maxWeight: number;
  #weight = 0;

  constructor(maxWeight = 64 * 1024 * 1024) {
    this.#maxWeight = maxWeight;
  }

  async get(e: Execution, load: () => Promise<LogRecord[]>): Promise<LogRecord[]> {
    const hit = this.#entries.get(e.id);
    if (hit !== undefined) {
      this.#entries.delete(e.id);
      this.#entries.set(e.id, hit);
      return hit.records;
    }
    const records = await load();
    const weight = e.bytesIn;
    if (weight <= this.#maxWeight) {
      this.#entries.set(e.id, { records, weight });
      this.#weight += weight;
      for (const [id, v] of this.#entries) {
        if (this.#weight <= this.#maxWeight) break;
        this.#entries.delete(id);
        this.#weight -= v.weight;
      }
    }
    return records;
  }
}
