// PostgreSQL row shapes (Db*) and their mapping to API types.
import type { RecordKind, StoredRecord } from '../../records/types.js';
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
  resumed_from: string | null;
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
    unfoldedReasons:
      r.unfolded_reasons === null ? {} : (JSON.parse(r.unfolded_reasons) as Record<string, number>),
    bytesIn: r.bytes_in,
    compacted: r.compacted,
    pgid: r.pgid,
    pgidStart: r.pgid_start,
    resumedFrom: r.resumed_from,
  };
}

export function toStoredRecord(r: DbLogRecord): StoredRecord {
  return {
    recordNo: r.record_no,
    kind: r.kind as RecordKind,
    seqFirst: r.seq_first,
    seqLast: r.seq_last,
    body: r.is_text ? r.body.toString('utf8') : r.body,
  };
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

/** Rows per statement: PostgreSQL takes at most 65,535 parameters. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Multi-row inserts of records, at most 1,000 rows each: `INSERT … VALUES ($1, …), (…)`. Bodies go as
 * parameters of their own, which `pg` sends in binary; in an array (`unnest($7::bytea[])`) they would
 * go as hex text, twice the bytes (`tokenfold ingest` of 250,000 deltas: 2.7 s with arrays, 1.9-2.2 s
 * so, on a noisy 2-core machine where SQLite took 1.9-2.5 s). Upserts
 * replace a row of the same key (the caller passes each key once).
 */
export function insertStatements(
  execNum: (i: number) => number,
  records: readonly Pick<StoredRecord, 'recordNo' | 'kind' | 'seqFirst' | 'seqLast' | 'body'>[],
  upsert: boolean,
): { text: string; values: unknown[] }[] {
  const out: { text: string; values: unknown[] }[] = [];
  for (let from = 0; from < records.length; from += ROWS_PER_STATEMENT) {
    const rows: string[] = [];
    const values: unknown[] = [];
    for (let i = from; i < Math.min(records.length, from + ROWS_PER_STATEMENT); i++) {
      const r = records[i]!;
      const n = values.length;
      rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7})`);
      values.push(
        execNum(i),
        r.recordNo,
        r.kind,
        r.seqFirst,
        r.seqLast,
        typeof r.body === 'string',
        typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body,
      );
    }
    out.push({ text: `${INSERT_RECORDS}${rows.join(', ')}${upsert ? UPSERT : ''}`, values });
  }
  return out;
}

const INSERT_RECORDS =
  'INSERT INTO log_records (exec_num, record_no, kind, seq_first, seq_last, is_text, body) VALUES ';
const UPSERT =
  ' ON CONFLICT (exec_num, record_no) DO UPDATE SET kind = excluded.kind, seq_first = excluded.seq_first, seq_last = excluded.seq_last, is_text = excluded.is_text, body = excluded.body';
