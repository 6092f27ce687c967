// Line histories of runs for the HTTP routes: kept for finished (compacted) runs, within a byte budget;
// opened afresh (stored rows plus what is in memory) for a run still changing. One open at a time per run.
import type { ExecutionManager } from '../live/execution-manager.js';
import type { LineHistory } from '../replay/line-history.js';
import { openLineHistory } from '../replay/read-history.js';
import type { Execution } from '../store/types.js';
import { WeightedLru } from './weighted-lru.js';

export class LineHistories {
  // A kept history is its compressed rows, its seqs as runs and a few decoded rows (line-history.ts).
  readonly #lru = new WeightedLru<LineHistory>(48 * 1024 * 1024);
  /** Opens under way: indexing a 60-million-line run reads all of it (seconds); a second request waits for the first. */
  readonly #pending = new Map<string, Promise<LineHistory>>();
  readonly #manager: ExecutionManager;

  constructor(manager: ExecutionManager) {
    this.#manager = manager;
  }

  get(e: Execution): Promise<LineHistory> {
    const log = this.#manager.live(e.id);
    if (log !== undefined || !e.compacted)
      return openLineHistory(this.#manager.store, e, log?.unpersisted() ?? []);
    const key = `${e.id}:${e.num}`;
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const p = this.#lru.get(
      key,
      (h) => h.weight,
      () => openLineHistory(this.#manager.store, e),
    );
    this.#pending.set(key, p);
    const done = () => void this.#pending.delete(key);
    p.then(done, done);
    return p;
  }
}
