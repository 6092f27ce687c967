// The server process: open the store, recover interrupted executions, listen, shut down gracefully.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TokenfoldError } from '../errors.js';
import { buildServer } from '../http/server.js';
import type { AgentBins } from './agent-bin-option.js';
import { checkToken, isLoopback } from '../http/security.js';
import { ExecutionManager } from '../live/execution-manager.js';
import { retentionFromServeOptions } from './serve-retention.js';
import { repoRoot } from '../runner/index.js';
import { segmentInflater } from '../records/segment-inflater.js';
import type { LogStore } from '../store/contract.js';
import { lockStore, openStore } from '../store/open-store.js';
import { resolveDbPath } from './options.js';

export interface ServeOptions {
  db?: string;
  host: string;
  port: number;
  token?: string;
  claudeBin?: string;
  claudeArg: string[];
  agentBin?: AgentBins;
  demoSpeed?: number;
  quiet?: boolean;
  retainOlderThan?: string;
  retainKeepLast?: string;
  retainMaxBytes?: string;
  retainKind?: string;
  retainEvery?: string;
}

export async function runServer(o: ServeOptions): Promise<void> {
  if (o.token !== undefined) checkToken(o.token, '--token');
  const token = o.token ?? (isLoopback(o.host) ? null : randomBytes(18).toString('base64url'));
  const retention = retentionFromServeOptions(o);
  const path = resolveDbPath(o.db);
  const log = (line: string) => process.stderr.write(`tokenfold: ${line}\n`);
  // Before anything reads the database: a second server must not take the first one's running executions.
  const lock = await lockStore(path, log);
  let store: LogStore;
  try {
    const opened = await openStore(path, {
      onHealthChange: (h) => log(h.status === 'ok' ? 'storage ok again' : `storage degraded: ${h.reason}`),
      onNotice: log,
    });
    store = opened.store;
    for (const w of opened.warnings) process.stderr.write(`tokenfold: warning: ${w}\n`);
  } catch (err) {
    await lock.release();
    throw err;
  }
  // The server reads histories all day: segments are decompressed on a worker thread from the start.
  segmentInflater.start();
  const manager = new ExecutionManager({ store, log });
  const interrupted = await manager.recover();
  const app = await buildServer({
    manager,
    host: o.host,
    token,
    webRoot: join(repoRoot(), 'web', 'dist'),
    executors: { ...(o.claudeBin ? { claudeBin: o.claudeBin } : {}), claudeArgs: o.claudeArg, agentBins: o.agentBin ?? {}, ...(o.demoSpeed !== undefined ? { demoSpeed: o.demoSpeed } : {}) },
    logger: o.quiet ? false : { level: 'info' },
  });
  try {
    await app.listen({ host: o.host, port: o.port });
  } catch (err) {
    await manager.shutdown();
    await store.close();
    await lock.release();
    throw new TokenfoldError(`cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`, { code: 'unavailable' });
  }
  const schedule = retention?.(manager, log);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  // A generated token is printed once, as the way in; a token given with --token is not echoed.
  const way = token === null ? '' : o.token === undefined ? `/?token=${token}` : ' (token required)';
  process.stdout.write(`tokenfold ${interrupted.length ? `(${interrupted.length} interrupted execution(s) recovered) ` : ''}listening on http://${host}:${port}${way}\n`);
  if (token && !o.token) process.stdout.write(`token: ${token}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`tokenfold: ${signal}: stopping children, flushing, closing the database\n`);
    let code = 0;
    try {
      await schedule?.stop();
      await app.close();
      await manager.shutdown();
      await store.close();
    } catch (err) {
      log(`shutdown: ${(err as Error).message}`);
      code = 1;
    }
    await lock.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
