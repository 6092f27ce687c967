// PostgreSQL row shapes (Db*) and their mapping to API types.
import type { StoredRecord } from '../../records/types.js';
import type { Execution, ExecutionKind, ExecutionPatch, ExecutionStatus, ExecutorName } from '../types.js';

export interface DbExecution {
  num: number;
  id: string;
  executor: string;
  kind: string;
  label: string | null;
  status: string;
  command: string | null;
  prompt: string | null;
  cwd: string | null;
  exit_code: number | null;
  signal: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  lines: number;
  deltas_folded: number;
  duplicates_dropped: number;
  deltas_unfolded: number;
  unfolded_reasons: string | null;
  bytes_in: number;
  compacted: boolean;
  pgid: number | null;
  pgid_start: string | null;
}

export interface DbLogRecord {
  record_no: number;
  kind: number;
  seq_first: number;
  seq_last: number;
  is_text: boolean;
  body: Buffer;
}

export function toExecution(r: DbExecution): Execution {
  return {
    id: r.id,
    num: r.num,
    executor: r.executor as ExecutorName,
    kind: r.kind as ExecutionKind,
    label: r.label,
    status: r.status as ExecutionStatus,
    command: r.command,
    prompt: r.prompt,
    cwd: r.cwd,
    exitCode: r.exit_code,
    signal: r.signal,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    lines: r.lines,
    deltasFolded: r.deltas_folded,
    duplicatesDropped: r.duplicates_dropped,
    deltasUnfolded: r.deltas_unfolded,
    unfoldedReasons: r.unfolded_reasons === null ? {} : (JSON.parse(r.unfolded_reasons) as Record<string, number>),
    bytesIn: r.bytes_in,
    compacted: r.compacted,
    pgid: r.pgid,
    pgidStart: r.pgid_start,
  };
}

export function toStoredRecord(r: DbLogRecord): StoredRecord {
  return { recordNo: r.record_no, kind: r.kind, seqFirst: r.seq_first, seqLast: r.seq_last, body: r.is_text ? r.body.toString('utf8') : r.body };
}

const PATCH_COLUMNS: Record<keyof ExecutionPatch, string> = {
  status: 'status',
  exitCode: 'exit_code',
  signal: 'signal',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  lines: 'lines',
  deltasFolded: 'deltas_folded',
  duplicatesDropped: 'duplicates_dropped',
  deltasUnfolded: 'deltas_unfolded',
  unfoldedReasons: 'unfolded_reasons',
  bytesIn: 'bytes_in',
  compacted: 'compacted',
  label: 'label',
  pgid: 'pgid',
  pgidStart: 'pgid_start',
};

/** `UPDATE executions SET a = $1, b = $2 WHERE id = $3` and its values, or null for an empty patch. */
export function updateSql(id: string, patch: ExecutionPatch): { text: string; values: unknown[] } | null {
  const cols: string[] = [];
  const values: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = PATCH_COLUMNS[k as keyof ExecutionPatch];
    if (col === undefined || v === undefined) continue;
    // A key present with null clears the column (pgid once the child is gone).
    values.push(typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
    cols.push(`${col} = $${values.length}`);
  }
  if (cols.length === 0) return null;
  values.push(id);
  return { text: `UPDATE executions SET ${cols.join(', ')} WHERE id = $${values.length}`, values };
}

/** Columns of many records as arrays, for one `INSERT … SELECT FROM unnest(…)` (one statement, any count). */
export function recordArrays(execNums: readonly number[], records: readonly Pick<StoredRecord, 'recordNo' | 'kind' | 'seqFirst' | 'seqLast' | 'body'>[]): unknown[] {
  return [
    execNums,
    records.map((r) => r.recordNo),
    records.map((r) => r.kind),
    records.map((r) => r.seqFirst),
    records.map((r) => r.seqLast),
    records.map((r) => typeof r.body === 'string'),
    records.map((r) => (typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body)),
  ];
}

export const INSERT_RECORDS = `INSERT INTO log_records (exec_num, record_no, kind, seq_first, seq_last, is_text, body)
  SELECT * FROM unnest($1::bigint[], $2::integer[], $3::smallint[], $4::bigint[], $5::bigint[], $6::boolean[], $7::bytea[])`;

export const UPSERT_RECORDS = `${INSERT_RECORDS}
  ON CONFLICT (exec_num, record_no) DO UPDATE SET kind = excluded.kind, seq_first = excluded.seq_first, seq_last = excluded.seq_last, is_text = excluded.is_text, body = excluded.body`;
