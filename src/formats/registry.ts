// Maps an executor to the agent format its stdout is folded with (null: plain lines).
import type { ExecutorName } from '../store/types.js';
import { claudeCodeFormat } from './claude-code/index.js';
import type { AgentFormat } from './format.js';

export function formatFor(executor: ExecutorName): AgentFormat | null {
  return executor === 'claude-code' ? claudeCodeFormat : null;
}
