// Issue 9, point 7 (RSS bounded): every view of a long run of plain output is read window by window. A
// server whose heap is capped far below what the run's lines weigh as objects (1.5 million lines: ~200 MB
// as conversation entries) must open it as a conversation, page it, find in it, read it as messages and
// download it, and stay up. Built whole, such a run's conversation exhausted the heap and killed the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonClient } from '../support/json-client.js';
import { CLI } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-plain-mem-');
const LINES = 1_500_000;
/** V8's old space for the server, in MB: the run's lines as entries would need several times this. */
const HEAP_MB = 96;
let proc: ChildProcess | undefined;
afterAll(() => {
  proc?.kill('SIGKILL');
  tmp.cleanup();
});

function serve(): Promise<string> {
  proc = spawn(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      CLI,
      'serve',
      '--port',
      '0',
      '--quiet',
      '--db',
      join(tmp.dir, 'p.db'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc!.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    proc!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
  });
}

describe('a long plain run on a small heap', () => {
  it('opens, pages, finds, reads as messages and downloads without the server dying', async () => {
    const url = await serve();
    const json = jsonClient(url);
    const { body: e } = await json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: `seq 1 ${LINES}`, kind: 'script' }),
    });
    for (let t = Date.now(); ;) {
      const { body } = await json(`/api/executions/${e.id}`);
      if (body.compacted === true) break;
      expect(Date.now() - t).toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    const logs = `/api/executions/${e.id}/logs`;
    const tail = (await json(`${logs}?format=conversation&tail=3`)).body;
    expect(tail.total).toBe(LINES);
    expect(tail.start).toBe(LINES - 3);
    expect(tail.items.map((x: { text: string }) => x.text)).toEqual(['1499998', '1499999', '1500000']);
    expect(tail.items[0]).toMatchObject({ kind: 'raw', stream: 'stdout', parent: null });
    const mid = (await json(`${logs}?format=conversation&tail=2&before=700000`)).body;
    expect(mid.items.map((x: { text: string }) => x.text)).toEqual(['699999', '700000']);
    const found = (await json(`/api/executions/${e.id}/search?q=99999&limit=3`)).body;
    let count = 0;
    for (let i = 1; i <= LINES; i++) if (String(i).includes('99999')) count++;
    expect(found).toMatchObject({ count, total: LINES });
    expect(found.hits.map((h: { index: number }) => h.index)).toEqual([99998, 199998, 299998]);
    const messages = (await json(`${logs}?format=messages&tail=2`)).body;
    expect(messages.items.map((m: { text: string }) => m.text)).toEqual(['1499999', '1500000']);
    expect(messages.items[0]).toMatchObject({ type: 'line', stream: 'stdout' });
    const download = await fetch(`${url}${logs}?format=raw&download=1`);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(
      Array.from({ length: LINES }, (_, i) => String(i + 1).length + 1).reduce((a, b) => a + b),
    );
    expect(bytes.subarray(-16).toString()).toBe('1499999\n1500000\n'.slice(-16));
    // A conversation stream would send every entry in one snapshot: refused with a clear error, not built.
    const stream = await fetch(`${url}/api/executions/${e.id}/stream?format=conversation`);
    expect(stream.status).toBe(413);
    expect((await stream.json()).error).toMatchObject({ code: 'too_large', field: 'format' });
    expect(proc!.exitCode).toBeNull();
  }, 120_000);
});
