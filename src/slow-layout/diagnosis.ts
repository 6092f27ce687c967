// What `inspectSlowLayout` reports; plain numbers and strings, so it serialises to JSON as is.
import type { LegacyKind } from './schema.js';

export interface KindFigures {
  executions: number;
  rows: number;
  bytes: number;
  /** rows / log_rows. */
  share: number;
}

export interface SlowLayoutDiagnosis {
  layout: 'slow';
  /** The database file plus its -wal file, if any. */
  file_bytes: number;
  page_size: number;
  page_count: number;
  /** Free pages. */
  freelist_count: number;
  /** `synchronous` and `foreign_keys` are this read-only connection's settings, not the file's. */
  pragmas: {
    journal_mode: string;
    synchronous: number;
    page_size: number;
    auto_vacuum: number;
    encoding: string;
    user_version: number;
    foreign_keys: number;
  };
  log_rows: number;
  /** UTF-8 bytes of all `logs` values. */
  log_bytes: number;
  executions: number;
  executions_with_logs: number;
  /** Over executions that have logs; orphaned rows excluded. */
  avg_rows_per_execution: number;
  avg_bytes_per_execution: number;
  largest_execution: { id: string; rows: number; bytes: number } | null;
  /** Orphaned rows belong to no kind, so the shares add up to 1 only without orphans. */
  by_kind: Record<LegacyKind, KindFigures>;
  /** Rows whose Stdout chunk is one Claude Code stream_event / content_block_delta line. */
  delta_rows: number;
  delta_share: number;
  /** Delta rows whose `logs` equals an earlier row's of the same execution (the import drops these). */
  duplicate_rows: number;
  duplicate_share: number;
  /** Rows whose execution_id has no execution_processes row. */
  orphaned_logs: { rows: number; bytes: number; executions: number };
  /** Rows holding at least one record that is not valid JSON of a known shape. */
  malformed_rows: number;
  /**
   * rows: per execution with logs, max(1, ⌈kept / 4 MB segment⌉). bytes: kept × ratio, where kept is the
   * UTF-8 payload of every non-delta record (a Stdout/Stderr chunk's text, any other record's raw JSON) of
   * the executions that exist, and ratio is brotli-compressed / raw over a sample of that payload.
   * Orphaned rows are left out (an import has no execution to put them in).
   */
  estimate_after_import: {
    rows: number;
    bytes: number;
    kept_payload_bytes: number;
    compression_ratio: number;
    sample_bytes: number;
  };
}
