// Maps an executor to the agent format its stdout is folded with (null: plain lines).
import type { ExecutorName } from '../store/types.js';
import { claudeCodeFormat } from './claude-code/index.js';
import { codexFormat } from './codex/index.js';
import { cursorFormat } from './cursor/index.js';
import type { AgentFormat } from './format.js';
import { geminiFormat } from './gemini/index.js';
import { qwenCodeFormat } from './qwen-code/index.js';

const FORMATS: Partial<Record<ExecutorName, AgentFormat>> = {
  'claude-code': claudeCodeFormat,
  codex: codexFormat,
  gemini: geminiFormat,
  cursor: cursorFormat,
  'qwen-code': qwenCodeFormat,
};

export function formatFor(executor: ExecutorName): AgentFormat | null {
  return FORMATS[executor] ?? null;
}
