// Compaction of finished executions, retried with growing waits when it fails (disk full, database
// locked): an execution stays readable uncompacted meanwhile, and the next start retries any left over.
import { isCorruption } from '../errors.js';
import { compactExecution } from '../store/compact.js';
import type { LogStore } from '../store/contract.js';
import type { Execution, ExecutionPatch } from '../store/types.js';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export class CompactionRetries {
  readonly #store: LogStore;
  readonly #log: (line: string) => void;
  readonly #onCompacted: (e: Execution) => void;
  readonly #afterCompaction: (e: Pick<Execution, 'id' | 'num'>) => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  /**
   * `onCompacted` is told about executions compacted by a retry (the first attempt's caller knows);
   * `afterCompaction` about every execution compacted, first attempt or retry (its conversation pages).
   */
  constructor(
    store: LogStore,
    log: (line: string) => void,
    onCompacted: (e: Execution) => void,
    afterCompaction: (e: Pick<Execution, 'id' | 'num'>) => void = () => undefined,
  ) {
    this.#store = store;
    this.#log = log;
    this.#onCompacted = onCompacted;
    this.#afterCompaction = afterCompaction;
  }

  /** Compacts now; on failure logs one line and keeps retrying in the background. True when it worked. */
  async compact(e: Pick<Execution, 'id' | 'num'>, patch: ExecutionPatch = {}): Promise<boolean> {
    try {
      await compactExecution(this.#store, e, undefined, patch);
      this.#afterCompaction(e);
      return true;
    } catch (err) {
      if (isCorruption(err)) {
        this.#log(
          `execution ${e.id} cannot be compacted, its stored data is damaged: ${(err as Error).message}`,
        );
        return false;
      }
      this.#log(
        `compaction of execution ${e.id} failed, retrying in the background: ${(err as Error).message}`,
      );
      this.#retry(e, patch, FIRST_RETRY_MS);
      return false;
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #retry(e: Pick<Execution, 'id' | 'num'>, patch: ExecutionPatch, waitMs: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(async () => {
      this.#timers.delete(timer);
      if (this.#stopped) return;
      try {
        await compactExecution(this.#store, e, undefined, patch);
      } catch (err) {
        if (!isCorruption(err)) this.#retry(e, patch, Math.min(MAX_RETRY_MS, waitMs * 2));
        return;
      }
      this.#log(`execution ${e.id} compacted after a retry`);
      this.#afterCompaction(e);
      const final = await this.#store.getExecution(e.id);
      if (final !== null) this.#onCompacted(final);
    }, waitMs);
    timer.unref();
    this.#timers.add(timer);
  }
}
