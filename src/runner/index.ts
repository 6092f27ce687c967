// Child processes and executors: re-exports only.
export type { ChildExit, ChildSpec, ChunkListener, RunningChild } from './types.js';
export { spawnChild } from './spawn-child.js';
export { claudeCodeSpec, commandSpec, demoAgentSpec, type ClaudeCodeRequest, type CommandRequest, type DemoAgentRequest } from './executors.js';
export { repoRoot } from './repo-root.js';
export { statusFromExit, type ExitStatus, type RunStatus } from './status.js';
export { groupAlive, signalGroup } from './process-group.js';
