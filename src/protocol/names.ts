// Names a client sends: the executors it can start and the views it can read (the stored executor names are
// EXECUTORS in src/store/types.ts).

import { AGENT_EXECUTORS } from '../runner/agents/names.js';

/** Executors a client can start (`demo` runs the built-in demo agent, stored as the agent it imitates). */
export const CREATE_EXECUTORS = ['claude-code', ...AGENT_EXECUTORS, 'command', 'demo'] as const;
/** Agent formats the demo agent can print (`format` of a `demo` request). */
export const DEMO_AGENT_FORMATS = ['claude-code', ...AGENT_EXECUTORS] as const;
/** Log views of `GET /api/executions/:id/logs`. */
export const LOG_VIEWS = ['messages', 'deltas', 'raw', 'folded', 'conversation'] as const;
/** Views of `GET /api/executions/:id/stream`. */
export const STREAM_VIEWS = ['deltas', 'raw', 'conversation'] as const;
export type CreateExecutor = (typeof CREATE_EXECUTORS)[number];
export type DemoAgentFormat = (typeof DEMO_AGENT_FORMATS)[number];
export type LogView = (typeof LOG_VIEWS)[number];
export type StreamView = (typeof STREAM_VIEWS)[number];
