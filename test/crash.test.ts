// Crash: kill -9 the server while 5 executions stream; restart; the database is intact and nothing
// flushed is lost. The loss window (lines seen live but not persisted) is reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readSse } from './support/sse-client.js';
import { FAKE_CLAUDE, waitFor } from './support/server-harness.js';
import { tempDir } from './support/store-helpers.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
const tmp = tempDir('tokenfold-crash-');
const db = join(tmp.dir, 'crash.db');
afterAll(() => tmp.cleanup());

function serve(): Promise<{ proc: ChildProcess; url: string }> {
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

describe('crash recovery', () => {
  it('survives kill -9 with 5 executions streaming', async () => {
    const { proc, url } = await serve();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${url}/api/executions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ executor: 'demo', prompt: `run ${i}` }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Watch live so we know how much each execution had produced when the server died.
    const seen = new Map<string, number>(ids.map((id) => [id, 0]));
    const streams = ids.map((id) =>
      readSse(`${url}/api/executions/${id}/stream?format=deltas`, {
        onEvent: (e) => e.event === 'line' && seen.set(id, Number(e.id) + 1),
      }).catch(() => null),
    );
    await waitFor(async () => [...seen.values()].every((n) => n > 200), 30_000, 'all five to stream');
    proc.kill('SIGKILL');
    await Promise.all(streams);
    const seenAtKill = new Map(seen);

    const again = await serve();
    try {
      const check = new Database(db, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      let lost = 0;
      let kept = 0;
      for (const id of ids) {
        const e = (await (await fetch(`${again.url}/api/executions/${id}`)).json()) as {
          status: string;
          lines: number;
          compacted: boolean;
        };
        expect(e.status).toBe('interrupted');
        const logs = (await (
          await fetch(`${again.url}/api/executions/${id}/logs?format=deltas&limit=100000`)
        ).json()) as { items: { seq: number }[] };
        const stored = logs.items.length;
        // Seqs are contiguous from 0: what is stored is a prefix of what was streamed.
        expect(logs.items.every((it, i) => it.seq === i)).toBe(true);
        expect(e.lines).toBe(stored);
        expect(e.compacted).toBe(true);
        kept += stored;
        lost += Math.max(0, seenAtKill.get(id)! - stored);
      }
      process.stdout.write(
        `crash test: ${kept} lines readable after kill -9; loss window ${lost} lines across 5 executions (${(lost / 5).toFixed(1)} per execution, flush rule 100 deltas / 10 KB / 1 s)\n`,
      );
      expect(kept).toBeGreaterThan(0);
    } finally {
      again.proc.kill('SIGTERM');
      await new Promise((r) => again.proc.once('exit', r));
    }
  });
});
