// The agent executors other than Claude Code's: re-exports only.
export { AGENT_SPECS } from './agent-specs.js';
export { AGENT_EXECUTORS, type AgentExecutor } from './names.js';
export { codexSpec } from './codex.js';
export { cursorSpec } from './cursor.js';
export { geminiSpec } from './gemini.js';
export { qwenCodeSpec } from './qwen-code.js';
export type { AgentRequest } from './types.js';
