// `tokenfold serve --db postgres://…`: agents run and stream with their output stored in PostgreSQL; a
// second server on the database is refused; after kill -9, a restart marks the runs interrupted with
// what was flushed readable, compacted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSse } from '../support/sse-client.js';
import { FAKE_CLAUDE, waitFor } from '../support/server-harness.js';
import { describePostgres } from '../support/postgres.js';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'tokenfold.js');

function serve(db: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db, '--quiet', '--claude-bin', FAKE_CLAUDE, '--demo-speed', '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
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

describePostgres('serve on PostgreSQL', (db) => {
  it('runs agents, refuses a second server, and recovers after kill -9', async () => {
    const { proc, url } = await serve(db.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ executor: 'demo', prompt: `run ${i}` }) });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const seen = new Map<string, number>(ids.map((id) => [id, 0]));
    const streams = ids.map((id) => readSse(`${url}/api/executions/${id}/stream?format=deltas`, { onEvent: (e) => e.event === 'line' && seen.set(id, Number(e.id) + 1) }).catch(() => null));
    await waitFor(async () => [...seen.values()].every((n) => n > 200), 30_000, 'all three to stream');

    const second = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--db', db.url, '--quiet'], { encoding: 'utf8', timeout: 20_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^tokenfold: database postgres:\/\/\S+ is in use by another tokenfold server \(tokenfold server pid \d+ on .*\); stop it first or pass another --db\n$/);

    // Reads while running: the history so far, from PostgreSQL plus memory, seqs contiguous.
    const mid = await get<{ items: { seq: number }[] }>(`${url}/api/executions/${ids[0]}/logs?format=deltas&limit=100000`);
    expect(mid.items.length).toBeGreaterThan(0);
    expect(mid.items.every((it, i) => it.seq === i)).toBe(true);

    proc.kill('SIGKILL');
    await Promise.all(streams);
    const again = await serve(db.url);
    try {
      for (const id of ids) {
        const e = await get<{ status: string; lines: number; compacted: boolean }>(`${again.url}/api/executions/${id}`);
        expect(e.status).toBe('interrupted');
        expect(e.compacted).toBe(true);
        const logs = await get<{ items: { seq: number }[] }>(`${again.url}/api/executions/${id}/logs?format=deltas&limit=100000`);
        expect(logs.items.length).toBe(e.lines);
        expect(logs.items.length).toBeGreaterThan(0);
        expect(logs.items.every((it, i) => it.seq === i)).toBe(true);
      }
      // A run to its end on the restarted server.
      const res = await fetch(`${again.url}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ executor: 'demo', prompt: 'to the end' }) });
      const { id } = (await res.json()) as { id: string };
      await waitFor(async () => (await get<{ status: string; compacted: boolean }>(`${again.url}/api/executions/${id}`)).compacted, 60_000, 'the run to finish and be compacted');
      expect((await get<{ status: string }>(`${again.url}/api/executions/${id}`)).status).toBe('completed');
      const rows = await db.sql<{ n: string }>('SELECT count(*) AS n FROM log_records WHERE exec_num = (SELECT num FROM executions WHERE id = $1)', [id]);
      expect(Number(rows[0]!.n)).toBeLessThanOrEqual(3);
    } finally {
      again.proc.kill('SIGTERM');
      await new Promise((r) => again.proc.once('exit', r));
    }
  });
});
