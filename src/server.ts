/**
 * The `tokenfold/server` entry: run agents and dev servers as children, fold their output live, and serve
 * it over HTTP and SSE with the web UI (what `tokenfold serve` runs). Loads Fastify; the main `tokenfold`
 * entry does not.
 *
 * @module
 * @example
 * ```ts
 * import { SqliteStore } from 'tokenfold';
 * import { ExecutionManager, buildServer } from 'tokenfold/server';
 *
 * const manager = new ExecutionManager({ store: new SqliteStore('./runs.db') });
 * await manager.recover(); // executions a dead server left running become `interrupted`
 * const app = await buildServer({ manager, host: '127.0.0.1', token: null, webRoot: './web/dist' });
 * await app.listen({ host: '127.0.0.1', port: 3013 });
 * ```
 */
import { ExecutionManager as ExecutionManagerImpl } from './live/execution-manager.js';

export { buildServer, type ServerOptions } from './http/server.js';
export type { ExecutorConfig } from './http/routes/executions.js';
export type { LogDestination, LoggerOptions } from './http/logger.js';
export type { ManagerOptions } from './live/execution-manager.js';
export type { BusEvents, EventBus, Progress } from './live/event-bus.js';
export {
  claudeCodeSpec,
  commandSpec,
  demoAgentSpec,
  type ChildSpec,
  type ClaudeCodeRequest,
  type CommandRequest,
  type DemoAgentRequest,
} from './runner/index.js';
export * from './protocol/index.js';

/**
 * Runs executions: spawns each child, folds its output through the write pipeline (group-committed
 * batches), publishes created/status/progress on `bus`, and compacts each execution when it ends.
 * @example
 * ```ts
 * const manager = new ExecutionManager({ store });
 * const run = await manager.start({ executor: 'command', kind: 'dev-server' }, commandSpec({ command: 'npm run dev', cwd }));
 * manager.bus.on('status', (e) => console.log(e.id, e.status));
 * await manager.stop(run.id);
 * await manager.shutdown(); // stops children, flushes, waits for compactions
 * ```
 */
export const ExecutionManager = ExecutionManagerImpl;
export type ExecutionManager = ExecutionManagerImpl;
