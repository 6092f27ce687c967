// The executions table's row, shared by the SQLite and PostgreSQL stores: its columns, their mapping to the
// API's Execution, and which column each patch key writes.
import type { Execution, ExecutionKind, ExecutionPatch, ExecutionStatus, ExecutorName } from './types.js';

export interface ExecutionRow {
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
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  compacted: number | boolean;
  pgid: number | null;
  pgid_start: string | null;
  resumed_from: string | null;
}

export function toExecution(r: ExecutionRow): Execution {
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
    compacted: r.compacted === 1 || r.compacted === true,
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

/** The columns and values a patch writes, in its key order (a key present with null clears its column). */
export function patchColumns(patch: ExecutionPatch): [column: string, value: unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = PATCH_COLUMNS[k as keyof ExecutionPatch];
    if (col === undefined || v === undefined) continue;
    out.push([col, typeof v === 'object' && v !== null ? JSON.stringify(v) : v]);
  }
  return out;
}
