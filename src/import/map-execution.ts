// A slow-layout execution row → the tokenfold execution it becomes: executor, kind, status, timestamps.
import type { LegacyExecution } from '../slow-layout/slow-reader.js';
import type { ExecutionKind, ExecutionStatus, ExecutorName } from '../store/types.js';

export type FinalStatus = Exclude<ExecutionStatus, 'running'>;

export interface ImportPlan {
  id: string;
  executor: ExecutorName;
  kind: ExecutionKind;
  status: FinalStatus;
  exitCode: number | null;
  createdAt?: string;
  startedAt?: string;
  /** Unset when the source has none: the last log row's time is used, else the start. */
  endedAt?: string;
  label: string | null;
  orphan: boolean;
}

export const ORPHAN_LABEL = 'orphaned logs';

export function planExecution(e: LegacyExecution): ImportPlan {
  const plan: ImportPlan = {
    id: e.id,
    executor: e.kind === 'coding-agent' ? 'claude-code' : 'plain',
    kind: e.kind,
    status: mapStatus(e.status, e.exitCode),
    exitCode: e.exitCode,
    label: null,
    orphan: false,
  };
  setTime(plan, 'createdAt', e.createdAt);
  setTime(plan, 'startedAt', e.startedAt);
  setTime(plan, 'endedAt', e.completedAt);
  return plan;
}

/** Logs without an execution row: a script execution, 'interrupted' (nothing says how it ended). */
export function planOrphan(id: string, claude: boolean, firstAt: string | null): ImportPlan {
  const plan: ImportPlan = {
    id,
    executor: claude ? 'claude-code' : 'plain',
    kind: 'script',
    status: 'interrupted',
    exitCode: null,
    label: ORPHAN_LABEL,
    orphan: true,
  };
  setTime(plan, 'createdAt', firstAt);
  setTime(plan, 'startedAt', firstAt);
  return plan;
}

/** 'running' becomes 'interrupted': nothing runs the process any more. Unknown statuses go by the exit code. */
export function mapStatus(status: string, exitCode: number | null): FinalStatus {
  if (status === 'running') return 'interrupted';
  if (status === 'completed' || status === 'failed' || status === 'killed') return status;
  return exitCode === 0 ? 'completed' : 'failed';
}

const ZONELESS = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/** ms since the epoch; SQLite's zone-less `datetime()` text is UTC. NaN when unreadable. */
export function parseTime(s: string): number {
  const t = s.trim().replace(/(\.\d{3})\d+/, '$1');
  return ZONELESS.test(t) ? Date.parse(t.replace(' ', 'T') + 'Z') : Date.parse(t);
}

/** The same instant as ISO 8601 UTC (what tokenfold writes); text that is not a time is kept as it is. */
export function normalizeTime(s: string): string {
  const ms = parseTime(s);
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
}

function setTime(plan: ImportPlan, key: 'createdAt' | 'startedAt' | 'endedAt', value: string | null): void {
  if (value !== null && value.trim() !== '') plan[key] = normalizeTime(value);
}
