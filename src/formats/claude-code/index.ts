// Claude Code stream-json (`--output-format=stream-json --include-partial-messages`) format.
import type { AgentFormat } from '../format.js';
import { claudeSessionIdOf } from './session-id.js';
import { classifyClaudeLine } from './classify.js';

export const claudeCodeFormat: AgentFormat = {
  name: 'claude-code',
  classify: classifyClaudeLine,
  sessionIdOf: claudeSessionIdOf,
};
