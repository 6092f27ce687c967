// An empty or whitespace access token is refused at startup (it let `?token=` through); tokens are compared
// by digest, so a wrong token of any length is a 401 and never an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenfoldError } from '../../src/errors.js';
import { buildServer } from '../../src/http/server.js';
import { ExecutionManager } from '../../src/live/execution-manager.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startHarness, type Harness } from '../support/server-harness.js';
import { CLI } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-token-');
afterAll(() => tmp.cleanup());

describe('empty tokens are refused at startup', () => {
  for (const token of ['', '   ', '\t\n']) {
    it(`tokenfold serve --token ${JSON.stringify(token)}: one clear error line, exit 1, nothing listening, no database`, () => {
      const db = join(tmp.dir, `cli-${token.length}.db`);
      // Loopback: were the token accepted, the server would listen (and the timeout below would fail the test).
      const r = spawnSync(
        process.execPath,
        [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet', '--db', db, '--token', token],
        { encoding: 'utf8', timeout: 10_000 },
      );
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(/listening/);
      expect(r.stderr).toMatch(/^tokenfold: --token: must not be empty or whitespace/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(db)).toBe(false);
    });
  }

  it('buildServer refuses one too (library use), before anything listens', async () => {
    const store = new SqliteStore(join(tmp.dir, 'lib.db'));
    const manager = new ExecutionManager({ store });
    try {
      for (const token of ['', ' ']) {
        const err = await buildServer({ manager, host: '0.0.0.0', token, webRoot: tmp.dir }).catch(
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(TokenfoldError);
        expect((err as TokenfoldError).field).toBe('token');
      }
    } finally {
      await manager.shutdown();
      await store.close();
    }
  });
});

describe('token checks', () => {
  let h: Harness;
  const TOKEN = 'sekrit-token-123';
  beforeAll(async () => {
    h = await startHarness({ token: TOKEN });
  });
  afterAll(async () => h?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(h.url + path, { headers }).then((r) => r.status);

  it('an empty, wrong, shorter, longer or repeated token is a 401; the right one passes', async () => {
    expect(await get('/api/info?token=')).toBe(401);
    expect(await get('/api/info', { authorization: 'Bearer ' })).toBe(401);
    expect(await get('/api/info?token=sekrit-token-124')).toBe(401);
    expect(await get('/api/info?token=sekrit')).toBe(401);
    expect(await get(`/api/info?token=${TOKEN}x`)).toBe(401);
    expect(await get(`/api/info?token=${TOKEN}&token=${TOKEN}`)).toBe(401);
    expect(await get('/api/info?token=%F0%9F%94%91')).toBe(401);
    expect(await get(`/api/info?token=${TOKEN}`)).toBe(200);
    expect(await get('/api/info', { authorization: `Bearer ${TOKEN}` })).toBe(200);
  });

  it('a POST with an empty token starts nothing', async () => {
    const r = await fetch(`${h.url}/api/executions?token=`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executor: 'command', command: 'echo pwned' }),
    });
    expect(r.status).toBe(401);
    expect(await h.store.listExecutions()).toHaveLength(0);
  });
});
