// Each agent executor other than Claude Code's, by executor name.
import type { ChildSpec } from '../types.js';
import { codexSpec } from './codex.js';
import { cursorSpec } from './cursor.js';
import { geminiSpec } from './gemini.js';
import { qwenCodeSpec } from './qwen-code.js';
import type { AgentExecutor } from './names.js';
import type { AgentRequest } from './types.js';

export const AGENT_SPECS: Record<AgentExecutor, (req: AgentRequest) => ChildSpec> = {
  codex: codexSpec,
  gemini: geminiSpec,
  cursor: cursorSpec,
  'qwen-code': qwenCodeSpec,
};
