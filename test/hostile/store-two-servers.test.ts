// Issue 9, point 14: a second server on the same database file must refuse to start, naming the first
// (pid, host, start time), instead of marking the first one's running executions interrupted. A lock
// left by a server killed with -9 must not block the next one.
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { signalGroup } from '../../src/runner/process-group.js';
import { acquireServerLock } from '../../src/store/sqlite/server-lock.js';
import { refusedServer, startServer } from '../support/server-child.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-two-');
afterAll(() => tmp.cleanup());

describe('two servers on one database', () => {
  it('the second refuses to start and names the first; after kill -9 of the first, a new one starts', async () => {
    const db = join(tmp.dir, 'shared.db');
    const first = await startServer(db);
    let pgid: number | null = null;
    try {
      const { body: e } = await first.json('/api/executions', {
        method: 'POST',
        body: JSON.stringify({ executor: 'command', command: 'sleep 1000' }),
      });
      pgid = e.pgid;
      const second = await refusedServer(db);
      expect(second.code).toBe(1);
      const line = second.output
        .trim()
        .split('\n')
        .find((l) => l.includes('in use'));
      expect(line).toMatch(
        new RegExp(
          `^tokenfold: database .*shared\\.db is in use by another tokenfold server \\(pid ${first.proc.pid} on ${hostname()}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)`,
        ),
      );
      // The first server's run was left alone.
      expect((await first.json(`/api/executions/${e.id}`)).body).toMatchObject({
        status: 'running',
        compacted: false,
      });
      const check = new Database(db, { readonly: true });
      expect(check.prepare('SELECT status FROM executions WHERE id = ?').get(e.id)).toEqual({
        status: 'running',
      });
      check.close();

      first.proc.kill('SIGKILL');
      await first.exited;
      const third = await startServer(db);
      try {
        expect((await third.json(`/api/executions/${e.id}`)).body.status).toBe('interrupted');
      } finally {
        await third.stop();
      }
    } finally {
      await first.stop('SIGKILL');
      if (pgid !== null) signalGroup(pgid, 'SIGKILL');
    }
  });

  it('in one process: the lock is exclusive until released', () => {
    const db = join(tmp.dir, 'inproc.db');
    const lock = acquireServerLock(db);
    expect(() => acquireServerLock(db)).toThrow(
      new RegExp(`in use by another tokenfold server \\(pid ${process.pid} on `),
    );
    lock.release();
    acquireServerLock(db).release();
  });
});
