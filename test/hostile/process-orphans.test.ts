// Issue 9, point 18: a server killed with -9 leaves its children running under PID 1, quiet ones (that
// never write to the closed pipe) forever. The next start stops them: each execution row records its
// child's process group and start identity, and recovery signals the groups still alive (SIGTERM, then
// SIGKILL), but never a process that merely reuses the pid.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutionManager } from '../../src/live/execution-manager.js';
import { signalGroup } from '../../src/runner/process-group.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startServer } from '../support/server-child.js';
import { waitFor } from '../support/server-harness.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-orphans-');
afterAll(() => tmp.cleanup());

/** Pids of live (not zombie) processes in group `pgid`, read from /proc independently of the code under test. */
function members(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

describe('children orphaned by kill -9', () => {
  it('are stopped by the next start (SIGTERM; SIGKILL for one that ignores it), and the log says so', async () => {
    const db = join(tmp.dir, 'orphans.db');
    const first = await startServer(db);
    const groups: number[] = [];
    try {
      const start = async (command: string) =>
        (
          await first.json('/api/executions', {
            method: 'POST',
            body: JSON.stringify({ executor: 'command', command }),
          })
        ).body;
      const quiet = await start('sleep 1000');
      const stubborn = await start("trap '' TERM; sleep 1000");
      groups.push(quiet.pgid, stubborn.pgid);
      expect(groups.every((g) => Number.isInteger(g) && g > 1)).toBe(true);
      await waitFor(
        async () => members(stubborn.pgid).length === 2 && members(quiet.pgid).length >= 1,
        5000,
        'the children',
      );
      first.proc.kill('SIGKILL');
      await first.exited;
      await new Promise((r) => setTimeout(r, 200));
      expect(members(quiet.pgid).length).toBeGreaterThan(0); // orphaned, still running

      const second = await startServer(db);
      try {
        expect(members(quiet.pgid)).toEqual([]);
        expect(members(stubborn.pgid)).toEqual([]);
        expect(second.output()).toMatch(
          new RegExp(
            `execution ${quiet.id} left its process group ${quiet.pgid} running: stopped it \\(SIGTERM\\)`,
          ),
        );
        expect(second.output()).toMatch(
          new RegExp(
            `execution ${stubborn.id} left its process group ${stubborn.pgid} running: stopped it \\(SIGKILL after \\d+ ms\\)`,
          ),
        );
        expect((await second.json(`/api/executions/${quiet.id}`)).body.status).toBe('interrupted');
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop('SIGKILL');
      for (const g of groups) signalGroup(g, 'SIGKILL');
    }
  });

  it('a process that reuses a recorded pid is left alone', async () => {
    const store = new SqliteStore(join(tmp.dir, 'reuse.db'));
    // Someone else's process group, started after the execution's child died.
    const stranger = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
    try {
      const e = await store.createExecution({ executor: 'command', kind: 'dev-server' });
      await store.updateExecution(e.id, { pgid: stranger.pid!, pgidStart: 'another-boot:12345' });
      const logged: string[] = [];
      const manager = new ExecutionManager({ store, log: (l) => logged.push(l) });
      expect((await manager.recover()).map((x) => x.id)).toEqual([e.id]);
      await manager.shutdown();
      expect(members(stranger.pid!)).toEqual([stranger.pid]);
      expect(logged.join('\n')).not.toMatch(/stopped it/);
    } finally {
      stranger.kill('SIGKILL');
      await store.close();
    }
  });
});
