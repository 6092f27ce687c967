// GET …/logs?download=1: the whole run as a file; raw is byte for byte what the process printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../src/demo/workload.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { entryBytes } from '../../src/replay/entry.js';
import { readEntries } from '../../src/replay/read-history.js';
import type { ExecutorName } from '../../src/store/types.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function ingest(bytes: Buffer, executor: ExecutorName) {
  async function* src() {
    // In uneven chunks, as a pipe delivers them.
    for (let i = 0; i < bytes.length; i += 7919) yield bytes.subarray(i, i + 7919);
  }
  return (
    await ingestStream(h.store, src(), {
      executor,
      kind: executor === 'plain' ? 'dev-server' : 'coding-agent',
    })
  ).execution;
}

async function download(id: string, format: string) {
  const res = await fetch(`${h.url}/api/executions/${id}/logs?format=${format}&download=1`);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('download', () => {
  it('raw: the exact bytes, CRLF, invalid UTF-8, a repeat and no final newline included', async () => {
    const original = Buffer.concat([
      Buffer.from('server starting\r\n'),
      Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x0a]),
      Buffer.from('héllo wörld\n\n'),
      Buffer.from([0xc3, 0x28, 0x0d, 0x0a]),
      Buffer.from('carriage\rreturn inside\n'),
      Buffer.from('no newline at the end'),
    ]);
    const e = await ingest(original, 'plain');
    const r = await download(e.id, 'raw');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="tokenfold-${e.id}-raw.log"`);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.body.equals(original)).toBe(true);
  });

  it('raw of a 25,000-delta agent run (many windows) equals the original; deltas equals `logs --format deltas`', async () => {
    const lines = generateLargeRun(25_000, 11);
    // An exact repeat of a delta line: dropped from deltas, kept in raw.
    const at = lines.findIndex((l) => l.includes('"text_delta"'));
    lines.splice(at + 1, 0, lines[at]!);
    lines.splice(5, 0, 'not json\r');
    const original = Buffer.from(lines.join('\n') + '\n');
    const e = await ingest(original, 'claude-code');
    expect(e.lines).toBeGreaterThan(4096 * 3);
    const raw = await download(e.id, 'raw');
    expect(raw.headers.get('content-disposition')).toMatch(/filename="tokenfold-.+-raw\.jsonl"/);
    expect(raw.body.length).toBe(original.length);
    expect(raw.body.equals(original)).toBe(true);
    const deltas = await download(e.id, 'deltas');
    const expected = Buffer.concat((await readEntries(h.store, e)).map(entryBytes));
    expect(deltas.body.equals(expected)).toBe(true);
    expect(deltas.body.length).toBeLessThan(raw.body.length);
    const conversation = await download(e.id, 'conversation');
    expect(conversation.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(conversation.headers.get('content-disposition')).toMatch(/-conversation\.txt"$/);
    expect(conversation.body.toString()).toMatch(/● Assistant/);
  });

  it('a running execution: what it printed so far; bad combinations are 400s, unknown ids 404', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'printf "a\\r\\nb\\n"; sleep 30' }),
    });
    await waitFor(
      async () => (await h.json(`/api/executions/${run.body.id}`)).body.lines >= 2,
      10_000,
      'output',
    );
    expect((await download(run.body.id, 'raw')).body.toString()).toBe('a\r\nb\n');
    await h.json(`/api/executions/${run.body.id}/stop`, { method: 'POST' });
    expect((await download(run.body.id, 'messages')).status).toBe(400);
    expect((await h.json(`/api/executions/${run.body.id}/logs?download=yes`)).status).toBe(400);
    expect((await download('no-such-id', 'raw')).status).toBe(404);
  });
});
