// Qwen Code `qwen -p PROMPT --output-format stream-json --include-partial-messages` format. Its lines are
// Claude Code's (`stream_event` deltas with block indexes, message ids and a `uuid` on every line), so
// they fold with the Claude classifier; its own events (`tool_progress`, `goal_state`) are plain lines.
import type { AgentFormat } from '../format.js';
import { claudeSessionIdOf } from '../claude-code/session-id.js';
import { classifyClaudeLine } from '../claude-code/classify.js';

export const qwenCodeFormat: AgentFormat = {
  name: 'qwen-code',
  classify: classifyClaudeLine,
  sessionIdOf: claudeSessionIdOf,
};
