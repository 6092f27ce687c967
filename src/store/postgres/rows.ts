// PostgreSQL row shapes; the executions row is shared with SQLite (../execution-row.ts).
import type { RecordKind, StoredRecord } from '../../records/types.js';
import { patchColumns, type ExecutionRow } from '../execution-row.js';
import type { ExecutionPatch } from '../types.js';

export { toExecution } from '../execution-row.js';

export type DbExecution = ExecutionRow;

export interface DbLogRecord {
  record_no: number;
  kind: number;
  seq_first: number;
  seq_last: number;
  is_text: boolean;
  body: Buffer;
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

/** `UPDATE executions SET a = $1, b = $2 WHERE id = $3` and its values, or null for an empty patch. */
export function updateSql(id: string, patch: ExecutionPatch): { text: string; values: unknown[] } | null {
  const pairs = patchColumns(patch);
  if (pairs.length === 0) return null;
  const values = pairs.map(([, v]) => v);
  const cols = pairs.map(([c], i) => `${c} = $${i + 1}`);
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
