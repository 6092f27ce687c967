// The agent executors other than Claude Code's, by name (no imports: the CLI's option parser reads it).
export const AGENT_EXECUTORS = ['codex', 'gemini', 'cursor', 'qwen-code'] as const;
export type AgentExecutor = (typeof AGENT_EXECUTORS)[number];
