// Runs executions: spawns children, pipes their output through the log pipeline, records their fate.
import { TokenfoldError, notFound } from '../errors.js';
import { DEFAULT_FLUSH_POLICY, type FlushPolicy } from '../fold/flush-policy.js';
import { formatFor } from '../formats/registry.js';
import { BatchWriter } from '../pipeline/batch-writer.js';
import { ExecutionLog } from '../pipeline/execution-log.js';
import type { ChildSpec, RunningChild } from '../runner/index.js';
import { spawnChild, statusFromExit } from '../runner/index.js';
import { processStartId } from '../runner/process-group.js';
import type { LogStore } from '../store/contract.js';
import { reclaimAllSpace } from '../store/reclaim.js';
import type { Execution, NewExecution } from '../store/types.js';
import { CompactionRetries } from './compaction-retries.js';
import { EventBus } from './event-bus.js';
import { PageBuilds } from './page-builds.js';
import { recoverExecutions, type RecoverOptions } from './recover.js';

export interface ManagerOptions {
  store: LogStore;
  policy?: FlushPolicy;
  /** How often open blocks are checked against the time rule and progress is published (ms). */
  tickMs?: number;
  writerIntervalMs?: number;
  /** Grace between SIGTERM and SIGKILL when stopping (ms). */
  stopGraceMs?: number;
  /** Where one-line operational messages go (recovery, write failures); default stderr. */
  log?: (line: string) => void;
}

interface Running {
  execution: Execution;
  log: ExecutionLog;
  child: RunningChild;
  done: Promise<void>;
  lastProgressLines: number;
}

export class ExecutionManager {
  readonly store: LogStore;
  readonly bus = new EventBus();
  readonly writer: BatchWriter;
  readonly #policy: FlushPolicy;
  readonly #running = new Map<string, Running>();
  /** Each run until its end is saved and compacted (it outlives #running, which ends at the final status). */
  readonly #finishing = new Map<string, Promise<void>>();
  #reclaiming: Promise<void> = Promise.resolve();
  readonly #stopGrace: number;
  readonly #timer: NodeJS.Timeout;
  readonly #log: (line: string) => void;
  readonly #compactions: CompactionRetries;
  /** Conversation pages of agent runs, built after their compaction. */
  readonly pageBuilds: PageBuilds;
  #closing = false;
  #writeFailing = false;

  constructor(o: ManagerOptions) {
    this.store = o.store;
    this.#policy = o.policy ?? DEFAULT_FLUSH_POLICY;
    this.#stopGrace = o.stopGraceMs ?? 5000;
    this.#log = o.log ?? ((line) => process.stderr.write(`tokenfold: ${line}\n`));
    // One line when writes start failing (they are retried; /api/info says why), not one per retry.
    this.writer = new BatchWriter(o.store, {
      intervalMs: o.writerIntervalMs ?? 100,
      onError: (err) => {
        if (this.#writeFailing) return;
        this.#writeFailing = true;
        this.#log(`writes failing, output kept in memory and retried: ${(err as Error).message}`);
      },
      onResume: () => {
        this.#writeFailing = false;
        this.#log('writes resumed');
      },
    });
    this.pageBuilds = new PageBuilds(o.store, this.#log);
    this.#compactions = new CompactionRetries(
      o.store,
      this.#log,
      (e) => this.bus.emit('status', e),
      (e) => this.pageBuilds.add(e),
    );
    this.#timer = setInterval(() => this.#tick(), o.tickMs ?? 250);
    this.#timer.unref();
  }

  /**
   * After a crash: marks executions a dead process left `running` as interrupted, stops the children it
   * left behind, and compacts what they flushed (and any finished execution whose compaction failed).
   */
  async recover(o: RecoverOptions = {}): Promise<Execution[]> {
    const taken = await recoverExecutions(
      this.store,
      this.#compactions,
      this.#log,
      Math.min(this.#stopGrace, 3000),
      o,
    );
    // Viewers of these runs (here, or on other instances through the feed) learn that they ended.
    if (taken.length > 0 && this.bus.listening('status'))
      for (const e of taken) {
        const final = await this.store.getExecution(e.id);
        if (final !== null) this.bus.emit('status', final);
      }
    return taken;
  }

  async start(meta: NewExecution, spec: ChildSpec): Promise<Execution> {
    if (this.#closing) throw new TokenfoldError('the server is shutting down', { code: 'unavailable' });
    const execution = await this.store.createExecution({
      ...meta,
      status: 'running',
      startedAt: new Date().toISOString(),
    });
    const log = new ExecutionLog({
      execution,
      format: formatFor(execution.executor),
      policy: this.#policy,
      writer: this.writer,
    });
    const child = spawnChild(spec);
    child.onStdout((chunk) => log.write('stdout', chunk));
    child.onStderr((chunk) => log.write('stderr', chunk));
    if (child.pid !== undefined) {
      // Recorded at once (not batched): a restart after kill -9 must find it to stop the orphaned group.
      const pgid = { pgid: child.pid, pgidStart: processStartId(child.pid) };
      Object.assign(execution, pgid);
      await this.store
        .updateExecution(execution.id, pgid)
        .catch((err) =>
          this.#log(`cannot record the process group of ${execution.id}: ${(err as Error).message}`),
        );
    }
    const running: Running = { execution, log, child, done: Promise.resolve(), lastProgressLines: 0 };
    running.done = child.exited.then((exit) =>
      this.#finish(running, statusFromExit(exit, child.stoppedByUser), exit.error),
    );
    this.#running.set(execution.id, running);
    this.#finishing.set(execution.id, running.done);
    void running.done.finally(() => this.#finishing.delete(execution.id));
    if (this.bus.listening('created')) this.bus.emit('created', execution);
    return execution;
  }

  live(id: string): ExecutionLog | undefined {
    return this.#running.get(id)?.log;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  async stop(id: string): Promise<Execution> {
    const r = this.#running.get(id);
    if (r === undefined) {
      const e = await this.store.getExecution(id);
      if (e === null) throw notFound(`execution ${id}`);
      return e;
    }
    void r.child.stop(this.#stopGrace);
    return r.execution;
  }

  /**
   * Deletes an execution and its rows; returns it as it was last. A running one is a `conflict` unless `force`,
   * which stops it and waits for its final status (stream subscribers get `finished`, then the feed `deleted`).
   * Waits for a finished run's compaction, so nothing writes its rows back after the delete.
   */
  async delete(id: string, o: { force?: boolean } = {}): Promise<Execution> {
    const found = await this.store.getExecution(id);
    if (found === null) throw notFound(`execution ${id}`);
    const r = this.#running.get(id);
    if (r === undefined && found.status === 'running')
      throw new TokenfoldError(
        `execution ${id} is running in another process (an ingest): wait for it to end`,
        { code: 'conflict' },
      );
    if (r !== undefined) {
      if (o.force !== true)
        throw new TokenfoldError(`execution ${id} is running: stop it first, or delete with force`, {
          code: 'conflict',
        });
      void r.child.stop(this.#stopGrace);
    }
    await this.#finishing.get(id);
    const last = (await this.store.getExecution(id)) ?? found;
    if (await this.store.deleteExecution(id)) this.bus.emit('deleted', { id });
    return last;
  }

  /** Gives the space of deleted executions back to the file, in slices (one reclaim at a time). */
  reclaimSpace(): Promise<void> {
    this.#reclaiming = this.#reclaiming
      .then(() => reclaimAllSpace(this.store))
      .catch((err) => this.#log(`giving space back failed: ${(err as Error).message}`));
    return this.#reclaiming;
  }

  /** Graceful shutdown: stop children, flush every buffer, leave the store open for the caller to close. */
  async shutdown(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#timer);
    this.#compactions.stop();
    this.pageBuilds.stop();
    const all = [...this.#running.values()];
    for (const r of all) void r.child.stop(this.#stopGrace);
    // Storage that is failing gets one more attempt per execution, not an endless wait.
    this.writer.close();
    await Promise.all(all.map((r) => r.done));
    await this.writer.flush();
    await this.writer.idle();
  }

  async #finish(r: Running, fate: ReturnType<typeof statusFromExit>, error?: Error): Promise<void> {
    if (error !== undefined) r.log.write('stderr', Buffer.from(`tokenfold: ${error.message}\n`));
    const stats = r.log.finish();
    const patch = {
      ...stats,
      status: fate.status,
      exitCode: fate.exitCode,
      signal: fate.signal,
      endedAt: new Date().toISOString(),
    };
    this.writer.update(r.execution.id, patch);
    try {
      // Everything, final status included, must be on disk before compaction reads it back: with the
      // disk full this waits (retrying) until space returns, while reads still see the records in memory.
      await this.writer.settle();
    } catch (err) {
      this.#log(
        `the end of execution ${r.execution.id} could not be saved before shutdown (${(err as Error).message}); the next start marks it interrupted`,
      );
      return;
    }
    await this.writer.release(r.execution.num);
    // The final status is committed: viewers learn it now, not after compaction (minutes for a huge run).
    this.#running.delete(r.execution.id);
    const final = await this.store.getExecution(r.execution.id);
    if (final !== null) this.bus.emit('status', final);
    await this.#compactions.compact(r.execution);
  }

  #tick(): void {
    for (const r of this.#running.values()) {
      r.log.tick();
      const s = r.log.stats;
      if (s.lines !== r.lastProgressLines && this.bus.listening('progress')) {
        r.lastProgressLines = s.lines;
        this.bus.emit('progress', {
          id: r.execution.id,
          lines: s.lines,
          deltasFolded: s.deltasFolded,
          bytesIn: s.bytesIn,
        });
      }
    }
  }
}
