// Maps how a child ended to the execution status stored and shown for it.
import type { ChildExit } from './types.js';

export type RunStatus = 'completed' | 'failed' | 'killed';

export interface ExitStatus {
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
}

/**
 * A spawn error is `failed`; a run stopped on request (even if it then exits 0) or ended by a signal is
 * `killed`; exit code 0 is `completed`; any other exit code is `failed`.
 */
export function statusFromExit(exit: ChildExit, stoppedByUser: boolean): ExitStatus {
  const { exitCode, signal } = exit;
  let status: RunStatus;
  if (exit.error) status = 'failed';
  else if (stoppedByUser || signal !== null) status = 'killed';
  else status = exitCode === 0 ? 'completed' : 'failed';
  return { status, exitCode, signal };
}
