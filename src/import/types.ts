// What `importSlowLayout` takes and reports; plain numbers and strings, so a report serialises to JSON as is.
import type { ExecutionKind, ExecutionStatus, ExecutorName } from '../store/types.js';

export interface ImportOptions {
  /** Compare every execution of SRC with what DEST replays, after importing. */
  verify?: boolean;
  /** Called after each execution and every few thousand lines within one; cheap, throttle in the caller. */
  onProgress?: (p: ImportProgress) => void;
  /** Checked between executions: once aborted, the import stops there and reports `interrupted`. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  phase: 'import' | 'verify';
  executionsDone: number;
  executionsTotal: number;
  /** SRC log rows read so far (import) or re-read (verify), and in all. */
  rowsDone: number;
  rowsTotal: number;
  elapsedMs: number;
}

/** One execution as it was planned and what became of it. */
export interface ImportedExecution {
  id: string;
  executor: ExecutorName;
  kind: ExecutionKind;
  status: ExecutionStatus;
  orphan: boolean;
  outcome: 'imported' | 'redone' | 'skipped';
  rowsRead: number;
  lines: number;
}

export interface VerifyDifference {
  executionId: string;
  /** 1-based position among the execution's source lines (events included), or of the first extra line. */
  line: number;
  want: string | null;
  got: string | null;
}

export interface VerifyReport {
  executions: number;
  linesCompared: number;
  differences: VerifyDifference[];
  elapsedMs: number;
}

export interface ImportReport {
  source: { path: string; fileBytes: number; rows: number; logBytes: number; executions: number };
  dest: {
    location: string;
    bytesBefore: number;
    bytesAfter: number;
    rowsBefore: number;
    rowsAfter: number;
    recordBytesBefore: number;
    recordBytesAfter: number;
    /** Rows and record bytes DEST holds for SRC's executions, whichever run imported them. */
    sourceRows: number;
    sourceRecordBytes: number;
  };
  executions: { total: number; imported: number; redone: number; skipped: number };
  /** SRC rows read by this run (skipped executions are not read). */
  rowsRead: number;
  lines: number;
  deltasFolded: number;
  duplicatesDropped: number;
  /** Non-output records kept as `{"tokenfold_legacy_event":…}` stderr lines. */
  events: number;
  malformed: number;
  /** Executions made for orphaned logs (imported this run). */
  orphans: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Stopped early by the signal; what was imported is complete, the rest can be imported by a re-run. */
  interrupted: boolean;
  /** Log rows and execution rows whose id is not a UUID: not imported (there is nothing to key them by). */
  skippedNonUuid: { rows: number; ids: string[]; executions: string[] };
  list: ImportedExecution[];
  verify: VerifyReport | null;
}
