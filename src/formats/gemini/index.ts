// Gemini CLI `gemini -p PROMPT --output-format stream-json` format.
import type { AgentFormat } from '../format.js';
import { geminiSessionIdOf } from './session-id.js';
import { classifyGeminiLine } from './classify.js';

export const geminiFormat: AgentFormat = {
  name: 'gemini',
  classify: classifyGeminiLine,
  sessionIdOf: geminiSessionIdOf,
};
