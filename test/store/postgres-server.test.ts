// `tokenfold serve --db postgres://…` as several instances on one database: a second instance leaves the
// first one's runs alone; after kill -9 the survivor's reaper marks them interrupted within the lease + 5 s,
// readable and compacted; an instance stopped past its lease is fenced (no row after the reap, children
// stopped, exit 1).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSse } from '../support/sse-client.js';
import { FAKE_CLAUDE, waitFor } from '../support/server-harness.js';
import { describePostgres } from '../support/postgres.js';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'tokenfold.js');

function serve(db: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--db', db, '--quiet', '--claude-bin', FAKE_CLAUDE, '--demo-speed', '4'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

const get = async <T>(url: string) => (await (await fetch(url)).json()) as T;

const rowsOf = async (db: { sql: <R>(t: string, v?: unknown[]) => Promise<R[]> }, ids: string[]) =>
  await db.sql<{ id: string; n: number }>(
    'SELECT e.id, count(r.*)::int AS n, max(r.record_no) AS last FROM executions e LEFT JOIN log_records r ON r.exec_num = e.num WHERE e.id = ANY($1) GROUP BY e.id ORDER BY e.id',
    [ids],
  );

async function startRuns(url: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executor: 'demo', prompt: `run ${i}` }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

describePostgres('serve on PostgreSQL, several instances', (db) => {
  it("a second instance leaves the first one's runs alone; after kill -9 it marks them interrupted within the lease + 5 s, readable", async () => {
    const a = await serve(db.url);
    const ids = await startRuns(a.url, 3);
    const seen = new Map<string, number>(ids.map((id) => [id, 0]));
    const streams = ids.map((id) =>
      readSse(`${a.url}/api/executions/${id}/stream?format=deltas`, {
        onEvent: (e) => e.event === 'line' && seen.set(id, Number(e.id) + 1),
      }).catch(() => null),
    );
    await waitFor(async () => [...seen.values()].every((n) => n > 100), 30_000, 'all three to stream');
    const b = await serve(db.url);
    try {
      const atStart = seen.get(ids[0]!)!;
      await waitFor(
        async () => seen.get(ids[0]!)! > atStart + 50,
        20_000,
        'A to keep streaming after B started',
      );
      for (const id of ids)
        expect((await get<{ status: string }>(`${b.url}/api/executions/${id}`)).status).toBe('running');
      a.proc.kill('SIGKILL');
      await Promise.all(streams);
      const killedAt = Date.now();
      await waitFor(
        async () =>
          (
            await Promise.all(
              ids.map((id) => get<{ status: string; compacted: boolean }>(`${b.url}/api/executions/${id}`)),
            )
          ).every((e) => e.status === 'interrupted' && e.compacted),
        30_000,
        "B to reap A's runs",
      );
      expect(Date.now() - killedAt).toBeLessThan(20_000);
      for (const id of ids) {
        const e = await get<{ lines: number }>(`${b.url}/api/executions/${id}`);
        const logs = await get<{ items: { seq: number }[] }>(
          `${b.url}/api/executions/${id}/logs?format=deltas&limit=100000`,
        );
        expect(logs.items.length).toBe(e.lines);
        expect(logs.items.length).toBeGreaterThan(0);
        expect(logs.items.every((it, i) => it.seq === i)).toBe(true);
      }
    } finally {
      b.proc.kill('SIGTERM');
      await new Promise((r) => b.proc.once('exit', r));
    }
  }, 120_000);

  it('an instance stopped past its lease writes nothing after the reap, stops its children and exits', async () => {
    const a = await serve(db.url);
    const b = await serve(db.url);
    try {
      const ids = await startRuns(a.url, 2);
      await waitFor(async () => (await rowsOf(db, ids)).every((r) => r.n > 2), 30_000, 'rows from A');
      const pgids = (
        await db.sql<{ pgid: number }>('SELECT pgid FROM executions WHERE id = ANY($1)', [ids])
      ).map((r) => r.pgid);
      expect(pgids.every((p) => p > 0)).toBe(true);
      a.proc.kill('SIGSTOP');
      await waitFor(
        async () =>
          (
            await Promise.all(
              ids.map((id) => get<{ status: string; compacted: boolean }>(`${b.url}/api/executions/${id}`)),
            )
          ).every((e) => e.status === 'interrupted' && e.compacted),
        30_000,
        "B to reap A's runs",
      );
      const reaped = await rowsOf(db, ids);
      const exited = new Promise<number | null>((r) => a.proc.once('exit', (code) => r(code)));
      a.proc.kill('SIGCONT');
      expect(await exited).toBe(1);
      const alive = (pgid: number) => {
        try {
          process.kill(-pgid, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(pgids.filter(alive)).toEqual([]);
      expect(await rowsOf(db, ids)).toEqual(reaped);
      for (const id of ids)
        expect((await get<{ status: string }>(`${b.url}/api/executions/${id}`)).status).toBe('interrupted');
    } finally {
      a.proc.kill('SIGKILL');
      b.proc.kill('SIGTERM');
      await new Promise((r) => b.proc.once('exit', r));
    }
  }, 120_000);
});
