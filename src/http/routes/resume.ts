// `resume` in POST /api/executions: the earlier run a follow-up prompt continues, and its agent session id.
import { TokenfoldError, invalid } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { sessionIdOfExecution } from '../../replay/session-id.js';
import type { Execution, ExecutorName } from '../../store/types.js';

export interface ResumeTarget {
  execution: Execution;
  sessionId: string;
}

/** 400 naming `resume` when there is nothing to continue; 409 while the earlier run is still running. */
export async function resumeTarget(
  manager: ExecutionManager,
  id: string,
  executor: ExecutorName,
): Promise<ResumeTarget> {
  const e = await manager.store.getExecution(id);
  if (e === null) throw invalid('resume', `execution ${id} not found`);
  if (e.executor !== executor)
    throw invalid(
      'resume',
      `execution ${id} ran ${e.executor}, not ${executor}: a follow-up continues the same agent`,
    );
  if (e.status === 'running' || manager.live(id) !== undefined) {
    throw new TokenfoldError(
      `resume: execution ${id} is still running; send the follow-up once it has finished`,
      { code: 'conflict', field: 'resume' },
    );
  }
  const sessionId = await sessionIdOfExecution(manager.store, e);
  if (sessionId === null)
    throw invalid(
      'resume',
      `execution ${id} has no session id in its output (no init or result line naming one), so there is no session to continue`,
    );
  return { execution: e, sessionId };
}
