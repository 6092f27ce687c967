// Cursor CLI `cursor-agent -p PROMPT --output-format stream-json --stream-partial-output` format.
import type { AgentFormat } from '../format.js';
import { claudeSessionIdOf } from '../claude-code/session-id.js';
import { classifyCursorLine } from './classify.js';

export const cursorFormat: AgentFormat = {
  name: 'cursor',
  classify: classifyCursorLine,
  sessionIdOf: claudeSessionIdOf,
};
