// Database row shapes (Db*) and their mapping to API types.
import type { Execution, ExecutionKind, ExecutionStatus, ExecutorName, ExecutionPatch } from '../types.js';

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
  compacted: number;
  pgid: number | null;
  pgid_start: string | null;
  resumed_from: string | null;
}

export interface DbLogRecord {
  id: number;
  kind: number;
  seq_first: number;
  seq_last: number;
  body: string | Buffer;
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
    compacted: r.compacted === 1,
    pgid: r.pgid ?? null,
    pgidStart: r.pgid_start ?? null,
    resumedFrom: r.resumed_from ?? null,
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

/** `SET a = ?, b = ?` and its values for the keys present in a patch. */
export function patchToSql(patch: ExecutionPatch): { set: string; values: unknown[] } {
  const cols: string[] = [];
  const values: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = PATCH_COLUMNS[k as keyof ExecutionPatch];
    if (col === undefined || v === undefined) continue;
    // A key present with null clears the column (pgid once the child is gone).
    cols.push(`${col} = ?`);
    values.push(
      typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'object' && v !== null ? JSON.stringify(v) : v,
    );
  }
  return { set: cols.join(', '), values };
}
