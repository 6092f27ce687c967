// The server process: open the store, recover interrupted executions, listen, shut down gracefully.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TokenfoldError } from '../errors.js';
import { buildServer } from '../http/server.js';
import type { AgentBins } from './agent-bin-option.js';
import type { LogFormat, LogLevel } from '../http/logger.js';
import { checkToken, isLoopback } from '../http/security.js';
import { ExecutionManager } from '../live/execution-manager.js';
import { retentionFromServeOptions } from './serve-retention.js';
import { repoRoot } from '../runner/index.js';
import { segmentInflater } from '../records/segment-inflater.js';
import { acquireServerLock } from '../store/sqlite/server-lock.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { resolveDbPath } from './options.js';
import { startLine } from './start-line.js';

export interface ServeOptions {
  db?: string;
  host: string;
  port: number;
  token?: string;
  claudeBin?: string;
  claudeArg: string[];
  agentBin?: AgentBins;
  demoSpeed?: number;
  /** Same as `logLevel: 'warn'` (kept for scripts written before --log-level). */
  quiet?: boolean;
  retainOlderThan?: string;
  retainKeepLast?: string;
  retainMaxBytes?: string;
  retainKind?: string;
  retainEvery?: string;
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

export async function runServer(o: ServeOptions): Promise<void> {
  if (o.token !== undefined) checkToken(o.token, '--token');
  const token = o.token ?? (isLoopback(o.host) ? null : randomBytes(18).toString('base64url'));
  const retention = retentionFromServeOptions(o);
  const path = resolveDbPath(o.db);
  const format = o.logFormat ?? 'text';
  const level = o.logLevel ?? (o.quiet ? 'warn' : 'info');
  // Warnings before the server (and its logger) exists are held, then logged through it.
  const held: string[] = [];
  let warn: (line: string) => void = (line) => held.push(line);
  let info: (line: string) => void = (line) => held.push(line);
  const log = (line: string) => warn(line);
  // Before anything reads the database: a second server must not take the first one's running executions.
  const lock = acquireServerLock(path);
  let store: SqliteStore;
  try {
    store = new SqliteStore(path, {
      onHealthChange: (h) => (h.status === 'ok' ? info('storage ok again') : warn(`storage degraded: ${h.reason}`)),
      onNotice: log,
    });
  } catch (err) {
    lock.release();
    throw err;
  }
  held.push(...store.pragmas.warnings);
  // The server reads histories all day: segments are decompressed on a worker thread from the start.
  segmentInflater.start();
  const manager = new ExecutionManager({ store, log });
  const app = await buildServer({
    manager,
    host: o.host,
    token,
    webRoot: join(repoRoot(), 'web', 'dist'),
    executors: { ...(o.claudeBin ? { claudeBin: o.claudeBin } : {}), claudeArgs: o.claudeArg, agentBins: o.agentBin ?? {}, ...(o.demoSpeed !== undefined ? { demoSpeed: o.demoSpeed } : {}) },
    // Text lines on stderr (stdout has the start line); JSON lines on stdout, pino's convention.
    logger: { level, format, stream: format === 'json' ? process.stdout : process.stderr },
  }).catch((err: unknown) => {
    for (const line of held) process.stderr.write(`tokenfold: warn: ${line}\n`);
    throw err;
  });
  warn = (line) => app.log.warn(line);
  info = (line) => app.log.info(line);
  for (const line of held.splice(0)) warn(line);
  const interrupted = await manager.recover();
  try {
    // Fastify's own "Server listening at" line is left out: the start line below says it, with the database.
    const wanted = app.log.level;
    app.log.level = 'warn';
    await app.listen({ host: o.host, port: o.port }).finally(() => (app.log.level = wanted));
  } catch (err) {
    await manager.shutdown();
    await store.close();
    lock.release();
    throw new TokenfoldError(`cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`, { code: 'unavailable' });
  }
  const schedule = retention?.(manager, log);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    info(`${signal}: stopping children, flushing, closing the database`);
    let code = 0;
    try {
      await schedule?.stop();
      await app.close();
      await manager.shutdown();
      await store.close();
    } catch (err) {
      app.log.error(`shutdown: ${(err as Error).message}`);
      code = 1;
    }
    lock.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // After the handlers: whoever waits for this line may signal at once.
  process.stdout.write(startLine({ host: o.host, port, database: path, token, generated: o.token === undefined, interrupted: interrupted.length, format }));
}
