// Child processes and executors: re-exports only.
export type { ChildDriver, ChildExit, ChildSpec, ChunkListener, DriverStdin, RunningChild } from './types.js';
export { spawnChild } from './spawn-child.js';
export {
  claudeCodeSpec,
  commandSpec,
  demoAgentSpec,
  type ClaudeCodeRequest,
  type CommandRequest,
  type DemoAgentRequest,
} from './executors.js';
export {
  AGENT_EXECUTORS,
  AGENT_SPECS,
  codexSpec,
  cursorSpec,
  geminiSpec,
  qwenCodeSpec,
  type AgentExecutor,
  type AgentRequest,
} from './agents/index.js';
export { codexAppServerDriver } from './codex-driver.js';
export { repoRoot } from './repo-root.js';
export { statusFromExit, type ExitStatus, type RunStatus } from './status.js';
export { groupAlive, signalGroup } from './process-group.js';
