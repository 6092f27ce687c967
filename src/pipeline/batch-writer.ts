// Group commit: collects folded records from every execution and writes them in one transaction per flush.
//
// Queued records are kept in groups, one per synchronous burst of the event loop: a folder call always
// completes within one burst, so the end of a group is a point where what is queued for every execution
// is a prefix of its stream. A flush commits everything in one transaction. After a failure (disk full,
// database locked) nothing is dropped: retries commit the queue in bounded transactions that end at group
// ends, in order, so freeing a little space lets writing resume and what is on disk stays a prefix.
import type { FoldSink } from '../fold/folder.js';
import type { RecordKind, LogRecord } from '../records/types.js';
import { decodeStoredRecord } from '../records/segment-codec.js';
import type { LogStore } from '../store/contract.js';
import type { ExecutionPatch } from '../store/types.js';
import { RecordLane } from './record-lane.js';
import type { RecordSink } from './record-sink.js';
import { renumberStep } from './renumber.js';
import { mergeGroups, newGroup, numberGroup, type Group } from './write-group.js';

export interface BatchWriterOptions {
  /** Longest time a record waits for its transaction (ms). */
  intervalMs?: number;
  /** Flush at once when this many body bytes are queued. */
  maxQueuedBytes?: number;
  /** Body bytes per transaction while retrying after a failure. */
  retryBytes?: number;
  /**
   * Body bytes per transaction otherwise (a group, one synchronous burst, is never split); the event loop
   * turns between transactions. Fire-hose output (`yes`) queued a megabyte or more per flush, and committing
   * it held the loop 30-40 ms; a 70 MB line, half a second (`npm run bench:stall`).
   */
  transactionBytes?: number;
  /** Longest wait between retries (ms); waits double from `intervalMs` up to this. */
  maxRetryMs?: number;
  onError?: (err: unknown) => void;
  /** Called at the first commit after a failure. */
  onResume?: () => void;
}

interface Waiter {
  upTo: number;
  /** settle(): wait through failures; flush(): resolve after one failed attempt. */
  strict: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class BatchWriter implements RecordSink {
  readonly #store: LogStore;
  readonly #interval: number;
  readonly #maxBytes: number;
  readonly #retryBytes: number;
  readonly #transactionBytes: number;
  readonly #maxRetryMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #onResume: (() => void) | undefined;
  readonly #groups: Group[] = [];
  readonly #lanes = new Map<number, RecordLane>();
  readonly #waiters: Waiter[] = [];
  #stepping: Promise<unknown> | null = null;
  #open: Group | null = null;
  #nextId = 1;
  #committed = 0;
  #queuedBytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs = 0;
  #running: Promise<void> | null = null;
  #again = false;
  #failure: unknown = null;
  #closed = false;
  /** Durations of the last RECENT transactions (a ring), for the p99 in the figures. */
  readonly #recentMs = new Float64Array(RECENT);
  /** Figures for benchmarks and /api/info. */
  readonly stats = writerStats(this.#recentMs);

  constructor(store: LogStore, options: BatchWriterOptions = {}) {
    this.#store = store;
    this.#interval = options.intervalMs ?? 50;
    this.#maxBytes = options.maxQueuedBytes ?? 1024 * 1024;
    this.#retryBytes = options.retryBytes ?? 64 * 1024;
    this.#transactionBytes = options.transactionBytes ?? 256 * 1024;
    this.#maxRetryMs = options.maxRetryMs ?? 1000;
    this.#onError =
      options.onError ?? ((err) => process.emitWarning(`tokenfold: write failed: ${(err as Error).message}`));
    this.#onResume = options.onResume;
  }

  /** `firstRecordNo`: where the execution's rows continue (a new execution starts at 0). */
  sinkFor(execNum: number, options: { firstRecordNo?: number } = {}): FoldSink {
    let lane = this.#lanes.get(execNum);
    if (lane === undefined)
      this.#lanes.set(
        execNum,
        (lane = new RecordLane(execNum, this.#store.capabilities.recordLimit, options.firstRecordNo ?? 0)),
      );
    return {
      put: (
        recordNo: number,
        kind: RecordKind,
        seqFirst: number,
        seqLast: number,
        body: string,
        final: boolean,
      ) => {
        const g = this.#group();
        g.puts.push({ execNum, recordNo, kind, seqFirst, seqLast, body, final });
        g.bytes += body.length;
        this.stats.queuedRecords++;
        this.#queuedBytes += body.length;
        this.#schedule();
      },
      del: (recordNos: readonly number[]) => {
        this.#group().dels.push({ execNum, recordNos: recordNos.slice() });
        this.#schedule();
      },
    };
  }

  update(id: string, patch: ExecutionPatch): void {
    this.#group().updates.push({ id, patch });
    this.#schedule();
  }

  /** Records queued for an execution but not yet committed (a history read must include them). */
  pending(execNum: number): LogRecord[] {
    const out: LogRecord[] = [];
    for (const g of this.#groups)
      for (const p of g.puts) if (p.execNum === execNum) out.push(...decodeStoredRecord(p));
    return out;
  }

  /** Writes everything queued now; resolves when it is committed or an attempt failed (it is then retried). */
  flush(): Promise<void> {
    return this.#wait(false);
  }

  /** Resolves once everything queued now is committed, however many retries it takes; rejects after close(). */
  settle(): Promise<void> {
    return this.#wait(true);
  }

  /** Shutting down: one more attempt, then settle() gives up at a failure instead of waiting for storage. */
  close(): void {
    this.#closed = true;
    this.#kick();
  }

  /** Resolves when no write or renumbering step is under way (after close(), no new step starts). */
  async idle(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  /** The execution has ended and is settled: forget its numbering, after any renumbering step of it. */
  async release(execNum: number): Promise<void> {
    const lane = this.#lanes.get(execNum);
    if (lane === undefined) return;
    lane.renumber = null;
    this.#lanes.delete(execNum);
    await this.#stepping;
  }

  #group(): Group {
    if (this.#open !== null) return this.#open;
    const g = newGroup(this.#nextId++);
    this.#groups.push(g);
    this.#open = g;
    // The burst ends when the current synchronous run does.
    queueMicrotask(() => {
      if (this.#open === g) this.#open = null;
    });
    return g;
  }

  #wait(strict: boolean): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    // Callers flush between folder calls: the group ends here.
    this.#open = null;
    const upTo = this.#nextId - 1;
    if (this.#committed >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ upTo, strict, resolve, reject });
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) this.#kick();
    });
  }

  async #run(): Promise<void> {
    this.#again = false;
    for (;;) {
      const chunk = this.#takeChunk();
      if (chunk.length > 0) {
        if (!(await this.#commit(chunk))) return;
        if (this.#groups.length > 0 && this.#groups[0] !== this.#open)
          await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const lane = this.#closed ? undefined : [...this.#lanes.values()].find((l) => l.renumber !== null);
      if (lane === undefined) break;
      try {
        const step = (this.#stepping = renumberStep(this.#store, lane));
        const more = await step;
        this.stats.renumberSteps++;
        if (!more && lane.exhausted)
          this.#onError(
            new Error(
              `execution number ${lane.execNum} has used every record number its range allows; its output waits in memory`,
            ),
          );
      } catch (err) {
        this.#failed(err);
        return;
      } finally {
        this.#stepping = null;
      }
    }
    // Nothing more can be written now: whoever only wanted an attempt has had it.
    this.#settleWaiters(false);
    if (this.#closed) this.#rejectStrict(new Error('the writer was closed with records still queued'));
  }

  /** Groups from the head of the queue, numbered: all of them, or a bounded run of them while retrying. */
  #takeChunk(): Group[] {
    const limit = this.#failure !== null ? this.#retryBytes : this.#transactionBytes;
    const out: Group[] = [];
    let bytes = 0;
    for (const g of this.#groups) {
      if (g === this.#open || (out.length > 0 && bytes + g.bytes > limit)) break;
      if (g.numbered === null && !numberGroup(g, this.#lanes, this.#onError)) break;
      out.push(g);
      bytes += g.bytes;
    }
    return out;
  }

  async #commit(chunk: Group[]): Promise<boolean> {
    const batch = mergeGroups(chunk);
    const t0 = performance.now();
    try {
      await this.#store.writeBatch(batch);
    } catch (err) {
      this.#failed(err);
      return false;
    }
    this.stats.transactions++;
    this.stats.records += batch.puts.length;
    const ms = performance.now() - t0;
    this.stats.maxTransactionMs = Math.max(this.stats.maxTransactionMs, ms);
    this.#recentMs[this.stats.transactions % RECENT] = ms;
    this.#groups.splice(0, chunk.length);
    for (const g of chunk) {
      this.#queuedBytes -= g.bytes;
      for (const [lane, no] of g.frees) lane.free(no);
    }
    this.#committed = chunk[chunk.length - 1]!.id;
    for (const g of chunk) this.stats.queuedRecords -= g.puts.length;
    if (this.#retryMs > 0) this.#onResume?.();
    if (this.#groups.length === 0) this.#failure = null;
    this.#retryMs = 0;
    for (const p of batch.puts) {
      const lane = this.#lanes.get(p.execNum);
      if (lane?.needsRenumbering) lane.startRenumbering();
    }
    this.#settleWaiters(true);
    return true;
  }

  #failed(err: unknown): void {
    this.stats.errors++;
    if (
      /SQLITE_BUSY|database is locked/i.test(String((err as { code?: string }).code) + (err as Error).message)
    )
      this.stats.lockErrors++;
    this.#failure = err;
    this.#onError(err);
    this.#settleWaiters(false);
    if (this.#closed) this.#rejectStrict(err);
    // Retry with growing waits; the queue stays as it is, later records join it behind.
    this.#retryMs = Math.min(this.#maxRetryMs, Math.max(this.#interval, this.#retryMs * 2));
    if (this.#retryTimer === null) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.#kick();
      }, this.#retryMs);
      this.#retryTimer.unref?.();
    }
  }

  /** Resolves waiters whose groups are committed; after an attempt (`committedOnly` false) also non-strict ones. */
  #settleWaiters(committedOnly: boolean): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (this.#committed >= w.upTo || (!committedOnly && !w.strict)) {
        this.#waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  #rejectStrict(err: unknown): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (!w.strict) continue;
      this.#waiters.splice(i, 1);
      w.reject(err);
    }
  }

  #schedule(): void {
    if (this.#queuedBytes >= this.#maxBytes) {
      // After the burst: flushing now would end the group inside a folder call.
      queueMicrotask(() => void this.flush());
      return;
    }
    if (this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush(), this.#interval);
      this.#timer.unref?.();
    }
  }
}

const RECENT = 1024;

function writerStats(ring: Float64Array) {
  return {
    transactions: 0,
    records: 0,
    maxTransactionMs: 0,
    /** p99 of the last 1,024 transactions (computed when read). */
    get transactionP99Ms(): number {
      const n = Math.min(this.transactions, RECENT);
      if (n === 0) return 0;
      const sorted = ring.slice(0, n).sort();
      return sorted[Math.min(n - 1, Math.floor(0.99 * n))]!;
    },
    errors: 0,
    lockErrors: 0,
    queuedRecords: 0,
    renumberSteps: 0,
  };
}
