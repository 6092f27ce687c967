// Starts a real tokenfold server in-process on an ephemeral loopback port, with the fake claude on PATH.
import { jsonClient, type JsonClient } from './json-client.js';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LoggerOptions } from '../../src/http/logger.js';
import { buildServer } from '../../src/http/server.js';
import { ExecutionManager } from '../../src/live/execution-manager.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from './store-helpers.js';

export const FAKE_CLAUDE = join(import.meta.dirname, '..', 'fixtures', 'fake-claude', 'claude');

export interface Harness {
  url: string;
  port: number;
  app: FastifyInstance;
  manager: ExecutionManager;
  store: SqliteStore;
  dbPath: string;
  json: JsonClient;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  demoSpeed?: number;
  token?: string | null;
  host?: string;
  webRoot?: string;
  /** The claude executable; null: none configured (`claude` from PATH). Default: the fake claude. */
  claudeBin?: string | null;
  logger?: boolean | LoggerOptions;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const tmp = tempDir('tokenfold-server-');
  const dbPath = join(tmp.dir, 'server.db');
  const store = new SqliteStore(dbPath);
  const manager = new ExecutionManager({ store, stopGraceMs: 2000 });
  const host = o.host ?? '127.0.0.1';
  const app = await buildServer({
    manager,
    host,
    token: o.token ?? null,
    webRoot: o.webRoot ?? join(tmp.dir, 'no-web'),
    executors: {
      ...(o.claudeBin === null ? {} : { claudeBin: o.claudeBin ?? FAKE_CLAUDE }),
      demoSpeed: o.demoSpeed ?? 20,
    },
    ...(o.logger !== undefined ? { logger: o.logger } : {}),
  });
  await app.listen({ host, port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    app,
    manager,
    store,
    dbPath,
    json: jsonClient(url),
    close: async () => {
      await app.close();
      await manager.shutdown();
      await store.close();
      tmp.cleanup();
    },
  };
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
