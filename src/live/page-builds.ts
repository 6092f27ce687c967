// Conversation pages of agent runs just compacted, built and stored in the background one run at a time, in
// slices: a viewer opening any of these runs later reads a page or two instead of rebuilding the whole run.
import {
  hasConversationPages,
  readPagesHeader,
  storeConversationPages,
} from '../replay/conversation-pages/index.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import { slicer } from '../util/turns.js';

class Stopped extends Error {}

export class PageBuilds {
  readonly #store: LogStore;
  readonly #log: (line: string) => void;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;
  #sweepTimer: NodeJS.Timeout | undefined;

  constructor(store: LogStore, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Queues the pages of `e` (just compacted). A failure is logged; the run's first open builds them then. */
  add(e: Pick<Execution, 'id' | 'num'>): void {
    if (!this.#stopped) this.#queue = this.#queue.then(() => this.#build(e));
  }

  /** Resolves once every queued build is done (tests, benchmarks). */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Abandons the build under way at its next slice and those queued (shutdown: the store is about to close). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#sweepTimer);
  }

  /** Runs `sweep` once, `delayMs` from now (a server start: the first opens go first), logging what it did. */
  sweepAfter(delayMs: number): void {
    this.#sweepTimer = setTimeout(() => {
      this.sweep().then(
        (n) => n > 0 && this.#log(`conversation pages stored for ${n} run(s) stored before them`),
        (err: Error) => this.#log(`conversation pages sweep stopped: ${err.message}`),
      );
    }, delayMs);
    this.#sweepTimer.unref();
  }

  /**
   * Builds the pages of every compacted agent run that has none of this version (stored by an earlier
   * version, or whose pages are stale), newest first, one at a time; returns how many it built.
   */
  async sweep(): Promise<number> {
    const PAGE = 100;
    let built = 0;
    for (let before: number | undefined; !this.#stopped;) {
      const batch = await this.#store.listExecutions({ compacted: true, limit: PAGE, before });
      for (const e of batch) {
        if (this.#stopped) break;
        if (!hasConversationPages(e.executor) || (await readPagesHeader(this.#store, e)) !== null) continue;
        this.add(e);
        await this.#queue;
        built++;
      }
      if (batch.length < PAGE) break;
      before = batch[batch.length - 1]!.num;
    }
    return built;
  }

  async #build(e: Pick<Execution, 'id' | 'num'>): Promise<void> {
    const slice = slicer();
    const turn = () => {
      if (this.#stopped) throw new Stopped();
      return slice();
    };
    try {
      turn();
      const current = await this.#store.getExecution(e.id);
      if (current === null || !current.compacted || !hasConversationPages(current.executor)) return;
      await storeConversationPages(this.#store, current, { turn });
    } catch (err) {
      if (!(err instanceof Stopped))
        this.#log(`conversation pages of execution ${e.id} not stored: ${(err as Error).message}`);
    }
  }
}
