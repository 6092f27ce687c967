// The server's retention: the policy applied soon after start and then periodically, through the manager
// (so feeds and streams hear of each deletion), one execution per transaction with turns in between.
import { isCorruption } from '../errors.js';
import { formatPruneReport, prune, type RetentionPolicy } from '../retention/index.js';
import type { ExecutionManager } from './execution-manager.js';

export interface RetentionScheduleOptions {
  policy: RetentionPolicy;
  /** Between runs (ms); default one hour. */
  everyMs?: number;
  /** Before the first run (ms); default 3 s, so start-up and recovery go first. */
  firstAfterMs?: number;
  log: (line: string) => void;
}

export class RetentionSchedule {
  readonly #manager: ExecutionManager;
  readonly #o: RetentionScheduleOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(manager: ExecutionManager, o: RetentionScheduleOptions) {
    this.#manager = manager;
    this.#o = o;
  }

  start(): void {
    this.#schedule(this.#o.firstAfterMs ?? 3000);
  }

  /** One pass now (also what the timer runs); resolves when it is done. */
  async runOnce(): Promise<void> {
    if (this.#running !== null) return this.#running;
    this.#running = (async () => {
      try {
        const report = await prune(this.#manager.store, this.#o.policy, {
          remove: (id) => this.#manager.delete(id),
          reclaim: () => this.#manager.reclaimSpace(),
        });
        if (report.removed.length > 0)
          for (const line of formatPruneReport(report)) this.#o.log(`retention: ${line}`);
      } catch (err) {
        this.#o.log(
          `retention failed${isCorruption(err) ? ' (damaged data)' : ''}: ${(err as Error).message}`,
        );
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(
      () => void this.runOnce().then(() => this.#schedule(this.#o.everyMs ?? 3_600_000)),
      ms,
    );
    this.#timer.unref();
  }
}
