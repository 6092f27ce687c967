// API-facing execution types shared by every store backend, the server, the CLI and the UI.

export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'killed', 'interrupted'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const EXECUTION_KINDS = ['coding-agent', 'dev-server', 'script'] as const;
export type ExecutionKind = (typeof EXECUTION_KINDS)[number];
export const EXECUTORS = [
  'claude-code',
  'codex',
  'gemini',
  'cursor',
  'qwen-code',
  'command',
  'plain',
] as const;
export type ExecutorName = (typeof EXECUTORS)[number];

export interface Execution {
  id: string;
  /** Store-internal number that clusters the execution's rows. */
  num: number;
  executor: ExecutorName;
  kind: ExecutionKind;
  label: string | null;
  status: ExecutionStatus;
  command: string | null;
  prompt: string | null;
  cwd: string | null;
  exitCode: number | null;
  signal: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  lines: number;
  deltasFolded: number;
  duplicatesDropped: number;
  /** Lines recognised as deltas that could not be folded, and how many for each reason (format drift). */
  deltasUnfolded: number;
  unfoldedReasons: Record<string, number>;
  bytesIn: number;
  compacted: boolean;
  /** Process group of the child while it runs (its leader's pid), and that leader's start identity. */
  pgid: number | null;
  pgidStart: string | null;
  /** The execution this one continues (a follow-up prompt resuming that run's agent session), or null. */
  resumedFrom: string | null;
}

export type NewExecution = Pick<Execution, 'executor' | 'kind'> &
  Partial<
    Pick<
      Execution,
      'id' | 'label' | 'status' | 'command' | 'prompt' | 'cwd' | 'createdAt' | 'startedAt' | 'resumedFrom'
    >
  >;

export type ExecutionPatch = Partial<
  Pick<
    Execution,
    | 'status'
    | 'exitCode'
    | 'signal'
    | 'startedAt'
    | 'endedAt'
    | 'lines'
    | 'deltasFolded'
    | 'duplicatesDropped'
    | 'deltasUnfolded'
    | 'unfoldedReasons'
    | 'bytesIn'
    | 'compacted'
    | 'label'
    | 'pgid'
    | 'pgidStart'
  >
>;

export interface ListQuery {
  status?: ExecutionStatus;
  kind?: ExecutionKind;
  limit?: number;
  /** Return executions older than this `num` (cursor from the previous page). */
  before?: number;
  /** Only executions whose rows are (or are not yet) compacted. */
  compacted?: boolean;
  /** Only the follow-ups of this execution id (its "next" runs). */
  resumedFrom?: string;
}
