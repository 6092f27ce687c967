// The storage contract: everything the pipeline, replay, server and CLI need from a backend.
import type { RecordKind, StoredRecord } from '../records/types.js';
import type { StorageHealth } from './health.js';
import type { Execution, ExecutionPatch, ExecutionStatus, ListQuery, NewExecution } from './types.js';

export interface RecordPut {
  execNum: number;
  recordNo: number;
  kind: RecordKind;
  seqFirst: number;
  seqLast: number;
  body: string | Buffer;
}

/** Everything one flush writes, across executions, committed atomically (group commit). */
export interface WriteBatch {
  puts: RecordPut[];
  dels: { execNum: number; recordNos: readonly number[] }[];
  updates: { id: string; patch: ExecutionPatch }[];
}

/** What a derived record holds (a number in the store; new kinds are appended). */
export const DerivedKind = {
  /** An execution's conversation entries, paged (src/replay/conversation-pages/). */
  ConversationPages: 1,
} as const;
export type DerivedKind = (typeof DerivedKind)[keyof typeof DerivedKind];

/**
 * A record derived from an execution's history (precomputed so a reader need not rebuild it): never the
 * only copy of anything, so it may be dropped and rebuilt at any time. Numbered from 0 within its kind.
 */
export interface DerivedRecord {
  no: number;
  body: Buffer;
}

export interface StorageFigures {
  /** Log rows and their bytes. */
  rows: number;
  bytes: number;
  /** Bytes of the records derived from them (conversation pages): what deleting the run frees beside `bytes`. */
  derivedBytes: number;
}

/** Deltas folded and not, over every execution: a new agent CLI version that defeats folding shows here. */
export interface FoldFigures {
  deltasFolded: number;
  deltasUnfolded: number;
  /** Unfolded deltas per reason. */
  unfoldedReasons: Record<string, number>;
}

export function sumFoldFigures(rows: readonly FoldFigures[]): FoldFigures {
  const out: FoldFigures = { deltasFolded: 0, deltasUnfolded: 0, unfoldedReasons: {} };
  for (const r of rows) {
    out.deltasFolded += r.deltasFolded;
    out.deltasUnfolded += r.deltasUnfolded;
    for (const [k, n] of Object.entries(r.unfoldedReasons))
      out.unfoldedReasons[k] = (out.unfoldedReasons[k] ?? 0) + n;
  }
  return out;
}

export interface StoreCapabilities {
  /** Whether the backend can rewrite an execution's rows in place (compaction). */
  compaction: boolean;
  /** Record numbers of one execution must be below this; a write past it fails (it would land in another execution). */
  recordLimit: number;
}

/**
 * What every storage backend implements (SQLite now): executions, their records in group-committed batches,
 * range reads, compaction in place. Replay and the server use only this.
 * @example
 * ```ts
 * async function lastRun(store: LogStore) {
 *   const [e] = await store.listExecutions({ status: 'completed', limit: 1 });
 *   return e ? toMessages(await readRecords(store, e)) : [];
 * }
 * ```
 */
export interface LogStore {
  readonly capabilities: StoreCapabilities;
  /** Where the data lives (a file path or a connection string without secrets). */
  readonly location: string;
  createExecution(input: NewExecution): Promise<Execution>;
  updateExecution(id: string, patch: ExecutionPatch): Promise<void>;
  getExecution(id: string): Promise<Execution | null>;
  listExecutions(query?: ListQuery): Promise<Execution[]>;
  countByStatus(): Promise<Record<ExecutionStatus, number>>;
  foldFigures(): Promise<FoldFigures>;
  writeBatch(batch: WriteBatch): Promise<void>;
  /** All rows of one execution in record order (one range scan). */
  readRecords(execNum: number): Promise<StoredRecord[]>;
  /** Up to `limit` rows of one execution with record numbers in [from, to), in record order. */
  readRecordRange(execNum: number, from: number, to: number, limit: number): Promise<StoredRecord[]>;
  /**
   * Replaces all rows of an execution (compaction), with a patch, and drops its derived records: in one
   * transaction, or for many rows in short ones (SQLite), each leaving every line readable exactly once. A
   * record number at or past `recordLimit` is refused before anything is written. `records` may come as
   * they are made (numbered 0, 1, … and never more than the rows they replace, which must not change
   * meanwhile): SQLite then writes them as they come, beyond a few megabytes, instead of holding them all.
   */
  replaceRecords(
    execNum: number,
    records: StoredRecord[] | AsyncIterable<StoredRecord>,
    patch: ExecutionPatch & { id: string },
  ): Promise<void>;
  /**
   * Replaces the derived records of one kind of a compacted execution, in one transaction. Writes nothing
   * and returns false when the execution is gone, is no longer `execution.id` (its number was reused), or
   * is not compacted: derived records always describe the compacted history they were built from.
   */
  putDerived(
    execution: Pick<Execution, 'id' | 'num'>,
    kind: DerivedKind,
    records: readonly DerivedRecord[],
  ): Promise<boolean>;
  /** The derived records of one kind with numbers in [from, to), in order. */
  readDerived(execNum: number, kind: DerivedKind, from: number, to: number): Promise<DerivedRecord[]>;
  /**
   * Removes an execution, its rows and its derived records in one transaction (an import that was cut off is redone from scratch;
   * DELETE /api/executions/:id; retention). A later replaceRecords for it writes nothing.
   */
  deleteExecution(id: string): Promise<boolean>;
  /**
   * Gives up to `maxPages` pages freed by deletes back to the filesystem and returns how many free pages are
   * left (0: nothing more to give back). Callers loop with event-loop turns in between, so one call must stay
   * short. A backend whose space is reclaimed by its own server (PostgreSQL's autovacuum) returns 0.
   */
  reclaimSpace(maxPages: number): Promise<number>;
  /** Marks executions left `running` by a dead process as `interrupted`; returns them. */
  markRunningInterrupted(endedAt: string): Promise<Execution[]>;
  storageFigures(execNum?: number): Promise<StorageFigures>;
  /** Size of the backing file or database in bytes. */
  sizeBytes(): Promise<number>;
  /** Whether storage can be written: checked now (cheap), and after every failed write. */
  health(): StorageHealth;
  close(): Promise<void>;
}
