// `serve --agent-bin AGENT=PATH` (repeatable): the executable of an agent other than Claude Code.
import { TokenfoldError } from '../errors.js';
import { AGENT_EXECUTORS, type AgentExecutor } from '../runner/agents/names.js';

export type AgentBins = Partial<Record<AgentExecutor, string>>;

export function agentBinOption(value: string, acc: AgentBins): AgentBins {
  const eq = value.indexOf('=');
  const agent = value.slice(0, Math.max(eq, 0)) as AgentExecutor;
  const path = value.slice(eq + 1);
  if (eq < 0 || !AGENT_EXECUTORS.includes(agent) || path === '') {
    throw new TokenfoldError(
      `--agent-bin must be AGENT=PATH with AGENT one of ${AGENT_EXECUTORS.join(', ')}, got "${value}"`,
      { code: 'invalid', field: '--agent-bin' },
    );
  }
  return { ...acc, [agent]: path };
}
