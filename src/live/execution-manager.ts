// Runs executions: spawns children, pipes their output through the log pipeline, records their fate.
import { TokenfoldError, notFound } from '../errors.js';
import { DEFAULT_FLUSH_POLICY, type FlushPolicy } from '../fold/flush-policy.js';
import { formatFor } from '../formats/registry.js';
import { Eol } from '../ingest/line.js';
import { expandRecords } from '../replay/expand.js';
import { readRecords } from '../replay/read-history.js';
import { BatchWriter } from '../pipeline/batch-writer.js';
import { ExecutionLog } from '../pipeline/execution-log.js';
import type { ChildSpec, RunningChild } from '../runner/index.js';
import { spawnChild, statusFromExit } from '../runner/index.js';
import { compactExecution } from '../store/compact.js';
import type { LogStore } from '../store/contract.js';
import type { Execution, NewExecution } from '../store/types.js';
import { EventBus } from './event-bus.js';

export interface ManagerOptions {
  store: LogStore;
  policy?: FlushPolicy;
  /** How often open blocks are checked against the time rule and progress is published (ms). */
  tickMs?: number;
  writerIntervalMs?: number;
  /** Grace between SIGTERM and SIGKILL when stopping (ms). */
  stopGraceMs?: number;
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
  readonly #stopGrace: number;
  readonly #timer: NodeJS.Timeout;
  #closing = false;

  constructor(o: ManagerOptions) {
    this.store = o.store;
    this.#policy = o.policy ?? DEFAULT_FLUSH_POLICY;
    this.#stopGrace = o.stopGraceMs ?? 5000;
    this.writer = new BatchWriter(o.store, { intervalMs: o.writerIntervalMs ?? 100 });
    this.#timer = setInterval(() => this.#tick(), o.tickMs ?? 250);
    this.#timer.unref();
  }

  /** Marks executions a dead process left `running` as interrupted and compacts what they flushed. */
  async recover(): Promise<Execution[]> {
    const left = await this.store.markRunningInterrupted(new Date().toISOString());
    for (const e of left) {
      // The row's figures are written when a run ends; recount them from what was flushed.
      const records = await readRecords(this.store, e);
      let deltas = 0;
      for (const r of records) if (r.k === 'b') deltas += r.n;
      const entries = expandRecords(records, { repeats: true });
      // bytesIn as the folder counts it (text length or bytes, plus the terminator), for what was flushed.
      let bytesIn = 0;
      for (const x of entries) bytesIn += (x.text ?? x.bytes!).length + (x.eol === Eol.Crlf ? 2 : x.eol === Eol.Lf ? 1 : 0);
      await compactExecution(this.store, e, undefined, { lines: entries.length, deltasFolded: deltas, bytesIn });
    }
    return left;
  }

  async start(meta: NewExecution, spec: ChildSpec): Promise<Execution> {
    if (this.#closing) throw new TokenfoldError('the server is shutting down', { code: 'unavailable' });
    const execution = await this.store.createExecution({ ...meta, status: 'running', startedAt: new Date().toISOString() });
    const log = new ExecutionLog({ execution, format: formatFor(execution.executor), policy: this.#policy, writer: this.writer });
    const child = spawnChild(spec);
    child.onStdout((chunk) => log.write('stdout', chunk));
    child.onStderr((chunk) => log.write('stderr', chunk));
    const running: Running = { execution, log, child, done: Promise.resolve(), lastProgressLines: 0 };
    running.done = child.exited.then((exit) => this.#finish(running, statusFromExit(exit, child.stoppedByUser), exit.error));
    this.#running.set(execution.id, running);
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

  /** Graceful shutdown: stop children, flush every buffer, leave the store open for the caller to close. */
  async shutdown(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#timer);
    const all = [...this.#running.values()];
    for (const r of all) void r.child.stop(this.#stopGrace);
    await Promise.all(all.map((r) => r.done));
    await this.writer.flush();
  }

  async #finish(r: Running, fate: ReturnType<typeof statusFromExit>, error?: Error): Promise<void> {
    if (error !== undefined) r.log.write('stderr', Buffer.from(`tokenfold: ${error.message}\n`));
    const stats = r.log.finish();
    const patch = { ...stats, status: fate.status, exitCode: fate.exitCode, signal: fate.signal, endedAt: new Date().toISOString() };
    this.writer.update(r.execution.id, patch);
    await this.writer.flush();
    // The final status is committed: viewers learn it now, not after compaction (minutes for a huge run).
    this.#running.delete(r.execution.id);
    const final = await this.store.getExecution(r.execution.id);
    if (final !== null) this.bus.emit('status', final);
    try {
      await compactExecution(this.store, r.execution);
    } catch (err) {
      process.emitWarning(`tokenfold: compaction of ${r.execution.id} failed: ${(err as Error).message}`);
    }
  }

  #tick(): void {
    for (const r of this.#running.values()) {
      r.log.tick();
      const s = r.log.stats;
      if (s.lines !== r.lastProgressLines && this.bus.listening('progress')) {
        r.lastProgressLines = s.lines;
        this.bus.emit('progress', { id: r.execution.id, lines: s.lines, deltasFolded: s.deltasFolded, bytesIn: s.bytesIn });
      }
    }
  }
}
