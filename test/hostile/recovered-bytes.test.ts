// After kill -9 of the server, a recovered (interrupted) run reports the bytes it had flushed, not 0.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/server-harness.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-recover-');
const db = join(tmp.dir, 'recover.db');
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  tmp.cleanup();
});

describe('recovery after a crash', () => {
  it('keeps lines and bytesIn of what was flushed', async () => {
    const first = await serveProcess(db);
    servers.push(first);
    // Writes until its stdout breaks (the server's death), so it does not outlive the test.
    const command =
      'i=0; while true; do i=$((i+1)); echo "line $i: café ✓"; printf "warn %s\\r\\n" "$i" >&2; sleep 0.002; done';
    const run = await first.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command }),
    });
    expect(run.status).toBe(201);
    await waitFor(
      async () => (await first.json(`/api/executions/${run.body.id}`)).body.lines >= 400,
      20_000,
      '400 lines',
    );
    // Past the 1 s flush rule, so most of it is on disk.
    await new Promise((r) => setTimeout(r, 1500));
    await first.stop('SIGKILL');

    const second = await serveProcess(db);
    servers.push(second);
    const e = (await second.json(`/api/executions/${run.body.id}`)).body as {
      status: string;
      lines: number;
      bytesIn: number;
    };
    expect(e.status).toBe('interrupted');
    const items = (await second.json(`/api/executions/${run.body.id}/logs?format=raw&limit=100000`)).body
      .items as { text: string; stream: string }[];
    expect(items.length).toBeGreaterThan(300);
    expect(e.lines).toBe(items.length);
    // As the live pipeline counts: each line's text length plus its terminator (LF on stdout, CRLF on stderr here).
    const want = items.reduce((n, it) => n + it.text.length + (it.stream === 'stderr' ? 2 : 1), 0);
    expect(e.bytesIn).toBe(want);
  }, 60_000);
});
