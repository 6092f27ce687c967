// Group commit: collects folded records from every execution and writes them in one transaction per flush.
import type { FoldSink } from '../fold/folder.js';
import type { RecordKind, LogRecord } from '../records/types.js';
import { decodeStoredRecord } from '../records/segment-codec.js';
import type { LogStore, WriteBatch } from '../store/contract.js';
import type { ExecutionPatch } from '../store/types.js';
import type { RecordSink } from './record-sink.js';

export interface BatchWriterOptions {
  /** Longest time a record waits for its transaction (ms). */
  intervalMs?: number;
  /** Flush at once when this many body bytes are queued. */
  maxQueuedBytes?: number;
  onError?: (err: unknown) => void;
}

const emptyBatch = (): WriteBatch => ({ puts: [], dels: [], updates: [] });

export class BatchWriter implements RecordSink {
  readonly #store: LogStore;
  readonly #interval: number;
  readonly #maxBytes: number;
  readonly #onError: (err: unknown) => void;
  #queued: WriteBatch = emptyBatch();
  #queuedBytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  /** Batches taken from the queue but not yet committed: still part of `pending()`. */
  readonly #inflight = new Set<WriteBatch>();
  /** Figures for benchmarks and /api/info. */
  readonly stats = { transactions: 0, records: 0, maxTransactionMs: 0, errors: 0, lockErrors: 0 };

  constructor(store: LogStore, options: BatchWriterOptions = {}) {
    this.#store = store;
    this.#interval = options.intervalMs ?? 50;
    this.#maxBytes = options.maxQueuedBytes ?? 1024 * 1024;
    this.#onError = options.onError ?? ((err) => process.emitWarning(`tokenfold: write failed: ${(err as Error).message}`));
  }

  sinkFor(execNum: number): FoldSink {
    return {
      put: (recordNo: number, kind: RecordKind, seqFirst: number, seqLast: number, body: string) => {
        this.#queued.puts.push({ execNum, recordNo, kind, seqFirst, seqLast, body });
        this.#queuedBytes += body.length;
        this.#schedule();
      },
      del: (recordNos: readonly number[]) => {
        this.#queued.dels.push({ execNum, recordNos: recordNos.slice() });
        this.#schedule();
      },
    };
  }

  update(id: string, patch: ExecutionPatch): void {
    this.#queued.updates.push({ id, patch });
    this.#schedule();
  }

  /** Records queued for an execution but not yet committed (a history read must include them). */
  pending(execNum: number): LogRecord[] {
    const out: LogRecord[] = [];
    for (const b of [...this.#inflight, this.#queued]) for (const p of b.puts) if (p.execNum === execNum) out.push(...decodeStoredRecord(p));
    return out;
  }

  /** Writes everything queued now; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#queued;
    if (batch.puts.length === 0 && batch.dels.length === 0 && batch.updates.length === 0) return this.#writing;
    this.#queued = emptyBatch();
    this.#queuedBytes = 0;
    this.#inflight.add(batch);
    this.#writing = this.#writing.then(async () => {
      const t0 = performance.now();
      try {
        await this.#store.writeBatch(batch);
        this.stats.transactions++;
        this.stats.records += batch.puts.length;
        this.stats.maxTransactionMs = Math.max(this.stats.maxTransactionMs, performance.now() - t0);
      } catch (err) {
        this.stats.errors++;
        if (/SQLITE_BUSY|database is locked/i.test(String((err as { code?: string }).code) + (err as Error).message)) this.stats.lockErrors++;
        this.#onError(err);
        // Nothing is dropped: the batch goes back in front of what queued meanwhile, and is retried.
        this.#queued = { puts: [...batch.puts, ...this.#queued.puts], dels: [...batch.dels, ...this.#queued.dels], updates: [...batch.updates, ...this.#queued.updates] };
        this.#schedule();
      } finally {
        this.#inflight.delete(batch);
      }
    });
    return this.#writing;
  }

  #schedule(): void {
    if (this.#queuedBytes >= this.#maxBytes) {
      void this.flush();
      return;
    }
    if (this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush(), this.#interval);
      this.#timer.unref?.();
    }
  }
}
