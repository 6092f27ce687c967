// SQLite row shapes; the executions row is shared with PostgreSQL (../execution-row.ts).
import { patchColumns, type ExecutionRow } from '../execution-row.js';
import type { ExecutionPatch } from '../types.js';

export { toExecution } from '../execution-row.js';
export type DbExecution = ExecutionRow;

export interface DbLogRecord {
  id: number;
  kind: number;
  seq_first: number;
  seq_last: number;
  body: string | Buffer;
}

/** `SET a = ?, b = ?` and its values for the keys present in a patch (booleans as 0/1). */
export function patchToSql(patch: ExecutionPatch): { set: string; values: unknown[] } {
  const cols = patchColumns(patch);
  return {
    set: cols.map(([c]) => `${c} = ?`).join(', '),
    values: cols.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)),
  };
}
