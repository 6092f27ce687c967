// Issue 9, point 13: the database file is deleted or made read-only under a running server. The server
// notices (a stat of the path against the open file; failed writes), says so in /api/info and in one log
// line, keeps serving reads, and shuts down cleanly without losing what it holds.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordKind } from '../../src/records/types.js';
import { encodeLines } from '../../src/records/record-codec.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { StorageHealth } from '../../src/store/health.js';
import { startServer, type ServerChild } from '../support/server-child.js';
import { waitFor } from '../support/server-harness.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-gone-');
afterAll(() => tmp.cleanup());

async function runCommand(s: ServerChild, command: string): Promise<string> {
  const { body } = await s.json('/api/executions', {
    method: 'POST',
    body: JSON.stringify({ executor: 'command', command }),
  });
  await waitFor(
    async () => (await s.json(`/api/executions/${body.id}`)).body.status === 'completed',
    10_000,
    'the command',
  );
  return body.id;
}

const rawText = async (s: ServerChild, id: string) => {
  const r = await s.json(`/api/executions/${id}/logs?format=raw`);
  return { status: r.status, lines: (r.body.items as { text: string }[] | undefined)?.map((i) => i.text) };
};

describe('database file changed under a running server', () => {
  it('deleted: reported degraded, reads still served, saved back to its path at shutdown', async () => {
    const db = join(tmp.dir, 'deleted.db');
    const s = await startServer(db);
    try {
      const first = await runCommand(s, 'echo hello; echo world');
      rmSync(db);
      const info = await waitFor(
        async () => {
          const b = (await s.json('/api/info')).body;
          return b.storage?.status === 'degraded' && b;
        },
        5000,
        'degraded storage',
      );
      expect(info.storage.reason).toMatch(/was deleted/);
      expect(await rawText(s, first)).toEqual({ status: 200, lines: ['hello', 'world'] });
      const second = await runCommand(s, 'echo after');
      await new Promise((r) => setTimeout(r, 2500)); // past a periodic check: still one line
      expect(s.output().match(/storage degraded: .*was deleted/g)).toHaveLength(1);
      expect(await s.stop('SIGTERM')).toBe(0);
      expect(s.output()).toMatch(/contents were saved to .*deleted\.db/);
      expect(s.output()).not.toMatch(/SIGBUS|Error/);
      // Nothing silently lost: the next start finds both executions.
      expect(existsSync(db)).toBe(true);
      const again = await startServer(db);
      try {
        expect(await rawText(again, first)).toEqual({ status: 200, lines: ['hello', 'world'] });
        expect(await rawText(again, second)).toEqual({ status: 200, lines: ['after'] });
        expect((await again.json('/api/info')).body.storage).toEqual({ status: 'ok' });
      } finally {
        await again.stop();
      }
    } finally {
      await s.stop('SIGKILL');
    }
  });

  it('made read-only (chmod 444): reported degraded, reads still served, clean shutdown', async () => {
    const db = join(tmp.dir, 'readonly.db');
    const s = await startServer(db);
    try {
      const id = await runCommand(s, 'echo kept');
      chmodSync(db, 0o444);
      const info = await waitFor(
        async () => {
          const b = (await s.json('/api/info')).body;
          return b.storage?.status === 'degraded' && b;
        },
        5000,
        'degraded storage',
      );
      expect(info.storage.reason).toMatch(/read-only \(mode 444\)/);
      expect(await rawText(s, id)).toEqual({ status: 200, lines: ['kept'] });
      await waitFor(async () => /storage degraded: .*read-only/.test(s.output()), 5000, 'the log line');
      expect(await s.stop('SIGTERM')).toBe(0);
      expect(s.output()).not.toMatch(/SIGBUS|Error/);
      chmodSync(db, 0o644);
      const check = new Database(db, { readonly: true });
      expect(check.prepare('SELECT count(*) AS n FROM executions').get()).toEqual({ n: 1 });
      check.close();
    } finally {
      await s.stop('SIGKILL');
    }
  });

  it('made immutable (chattr +i, where supported): reported degraded, clean shutdown, nothing lost', async (ctx) => {
    const db = join(tmp.dir, 'immutable.db');
    const s = await startServer(db);
    let immutable = false;
    try {
      const id = await runCommand(s, 'echo before');
      const r = spawnSync('chattr', ['+i', db], { encoding: 'utf8' });
      if (r.status !== 0) {
        process.stdout.write(
          `SKIPPED: chattr +i is not available here: ${(r.stderr || r.error?.message || '').trim()}\n`,
        );
        ctx.skip();
        return;
      }
      immutable = true;
      const info = await waitFor(
        async () => {
          const b = (await s.json('/api/info')).body;
          return b.storage?.status === 'degraded' && b;
        },
        5000,
        'degraded storage',
      );
      expect(info.storage.reason).toMatch(/not writable \(EPERM\)/);
      const after = await runCommand(s, 'echo during'); // the WAL still takes writes; the checkpoint cannot
      expect(await rawText(s, id)).toEqual({ status: 200, lines: ['before'] });
      expect(await s.stop('SIGTERM')).toBe(0);
      spawnSync('chattr', ['-i', db]);
      immutable = false;
      const again = await startServer(db);
      try {
        expect(await rawText(again, after)).toEqual({ status: 200, lines: ['during'] });
      } finally {
        await again.stop();
      }
    } finally {
      if (immutable) spawnSync('chattr', ['-i', db]);
      await s.stop('SIGKILL');
    }
  });

  it('failed writes (SQLITE_READONLY) make the store degraded until a write succeeds', async () => {
    const changes: StorageHealth[] = [];
    const store = new SqliteStore(join(tmp.dir, 'writes.db'), { onHealthChange: (h) => changes.push(h) });
    try {
      const e = await store.createExecution({ executor: 'plain', kind: 'script' });
      const put = {
        execNum: e.num,
        recordNo: 0,
        kind: RecordKind.Lines,
        seqFirst: 0,
        seqLast: 0,
        body: encodeLines([{ s: 0, a: 0, t: 'x' }]),
      };
      store.db.pragma('query_only = ON'); // SQLite now answers every write with SQLITE_READONLY
      await expect(store.writeBatch({ puts: [put], dels: [], updates: [] })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/read-only/),
      });
      expect(store.health()).toMatchObject({
        status: 'degraded',
        reason: expect.stringMatching(/SQLITE_READONLY/),
      });
      expect((await store.readRecords(e.num)).length).toBe(0); // reads still work
      store.db.pragma('query_only = OFF');
      await store.writeBatch({ puts: [put], dels: [], updates: [] });
      expect(store.health()).toEqual({ status: 'ok' });
      expect(changes.map((h) => h.status)).toEqual(['degraded', 'ok']);
    } finally {
      await store.close();
    }
  });
});
