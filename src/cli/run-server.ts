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
import { openServerStore } from '../store/open-store.js';
import { resolveDbPath } from './options.js';
import { startLine } from './start-line.js';
import { clusterAddress, givenClusterSecret, joinCluster, type ClusterRuntime } from './serve-cluster.js';
import { isPostgresUrl } from '../store/open-store.js';

/** How often a server on a shared store looks for executions of instances whose lease expired (ms). */
const REAP_MS = 2500;
/** How long after a start the server waits before storing pages of runs stored without them (page-builds.ts). */
const PAGES_SWEEP_DELAY_MS = 10_000;

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
  /** Shared store: the secret instances authenticate internal requests with (default $TOKENFOLD_CLUSTER_SECRET). */
  clusterSecret?: string;
  /** Shared store: where the other instances reach this one (default $TOKENFOLD_CLUSTER_ADDRESS, else the bound address). */
  clusterAddress?: string;
  /** Shared store: how long this instance's lease lasts without renewal (ms, default 15,000). */
  leaseMs?: number;
}

export async function runServer(o: ServeOptions): Promise<void> {
  if (o.token !== undefined) checkToken(o.token, '--token');
  const token = o.token ?? (isLoopback(o.host) ? null : randomBytes(18).toString('base64url'));
  const retention = retentionFromServeOptions(o);
  const path = resolveDbPath(o.db);
  const givenSecret = givenClusterSecret(o, isPostgresUrl(path));
  if (o.leaseMs !== undefined && o.leaseMs < 1000)
    throw new TokenfoldError(`--lease-ms must be at least 1000, got ${o.leaseMs}`, {
      code: 'invalid',
      field: '--lease-ms',
    });
  const format = o.logFormat ?? 'text';
  const level = o.logLevel ?? (o.quiet ? 'warn' : 'info');
  // Warnings before the server (and its logger) exists are held, then logged through it.
  const held: string[] = [];
  let warn: (line: string) => void = (line) => held.push(line);
  let info: (line: string) => void = (line) => held.push(line);
  const log = (line: string) => warn(line);
  // SQLite: one server per file, locked before anything reads it (a second would take the first one's
  // running executions). PostgreSQL: one of several instances, each with a lease (docs/SCALE-OUT.md).
  const fence: { onFenced: (message: string) => void } = { onFenced: log };
  const opened = await openServerStore(path, {
    onHealthChange: (h) =>
      h.status === 'ok' ? info('storage ok again') : warn(`storage degraded: ${h.reason}`),
    onNotice: log,
    onFenced: (message) => fence.onFenced(message),
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
  });
  const store = opened.store;
  held.push(...opened.warnings);
  // The server reads histories all day: segments are decompressed on a worker thread from the start.
  segmentInflater.start();
  const manager = new ExecutionManager({ store, log });
  // A shared store (PostgreSQL): only executions of instances whose lease expired, never stopping process
  // groups (the instance may have run on another host) or compacting others' finished runs; and again
  // every few seconds (the reaper), so a dead instance's runs end within its lease plus REAP_MS.
  // Process groups of a dead instance are not signalled: it may have run on another host, and if it is
  // alive after all (a pause past its lease), fencing makes it stop its own children.
  let cluster: ClusterRuntime | null = null;
  if (opened.cluster !== null) {
    try {
      cluster = await joinCluster(opened.cluster, givenSecret, manager);
    } catch (err) {
      await store.close();
      await opened.release();
      throw err;
    }
  }
  const recovery = cluster !== null ? { stopOrphans: false, sweep: cluster.sweep } : {};
  const reaper = opened.shared
    ? setInterval(() => {
        manager.recover(recovery).then(
          (taken) =>
            taken.length > 0 &&
            log(
              `${taken.length} execution(s) of an instance whose lease expired marked interrupted: ${taken.map((e) => e.id).join(', ')}`,
            ),
          (err: Error) => log(`reaper: ${err.message}`),
        );
      }, REAP_MS)
    : null;
  reaper?.unref();
  const app = await buildServer({
    manager,
    host: o.host,
    token,
    webRoot: join(repoRoot(), 'web', 'dist'),
    executors: {
      ...(o.claudeBin ? { claudeBin: o.claudeBin } : {}),
      claudeArgs: o.claudeArg,
      agentBins: o.agentBin ?? {},
      ...(o.demoSpeed !== undefined ? { demoSpeed: o.demoSpeed } : {}),
    },
    // Text lines on stderr (stdout has the start line); JSON lines on stdout, pino's convention.
    logger: { level, format, stream: format === 'json' ? process.stdout : process.stderr },
    cluster,
  }).catch((err: unknown) => {
    for (const line of held) process.stderr.write(`tokenfold: warn: ${line}\n`);
    throw err;
  });
  warn = (line) => app.log.warn(line);
  info = (line) => app.log.info(line);
  for (const line of held.splice(0)) warn(line);
  await cluster?.relay(manager, log);
  const interrupted = await manager.recover(recovery);
  try {
    // Fastify's own "Server listening at" line is left out: the start line below says it, with the database.
    const wanted = app.log.level;
    app.log.level = 'warn';
    await app.listen({ host: o.host, port: o.port }).finally(() => (app.log.level = wanted));
  } catch (err) {
    await manager.shutdown();
    await store.close();
    await opened.release();
    throw new TokenfoldError(`cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`, {
      code: 'unavailable',
    });
  }
  const schedule = retention?.(manager, log);
  // Runs stored before conversation pages existed get theirs in the background, after the first opens.
  manager.pageBuilds.sweepAfter(PAGES_SWEEP_DELAY_MS);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  if (opened.cluster !== null) {
    const address = clusterAddress(o, port);
    await opened.cluster.setAddress(address);
    info(`instance ${opened.cluster.instanceId}: the other instances reach it at ${address}`);
  }
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    if (reaper !== null) clearInterval(reaper);
    info(`${signal}: stopping children, flushing, closing the database`);
    try {
      await schedule?.stop();
      await app.close();
      await manager.shutdown();
      await cluster?.stop();
      await store.close();
    } catch (err) {
      app.log.error(`shutdown: ${(err as Error).message}`);
      code = 1;
    }
    await opened.release();
    process.exit(code);
  };
  // Fenced (the lease expired; another instance may have taken over): stop the children, write nothing more, exit 1.
  fence.onFenced = (message) => {
    log(message);
    void shutdown('lease expired', 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // After the handlers: whoever waits for this line may signal at once.
  process.stdout.write(
    startLine({
      host: o.host,
      port,
      database: path,
      token,
      generated: o.token === undefined,
      interrupted: interrupted.length,
      format,
    }),
  );
}
