// The `as=lines` form of history reads against a real server: the same items, cursors and errors as the JSON form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLines } from '../web/src/lib/read-lines.js';
import { startHarness, waitFor, type Harness } from './support/server-harness.js';
import { formatFor } from '../src/formats/registry.js';
import { toConversation } from '../src/replay/conversation.js';
import { readEntries } from '../src/replay/read-history.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoSpeed: 40 });
});
afterAll(async () => {
  await h.close();
});

interface Item {
  seq: number;
  stream: string;
  text: string;
  at: number;
  binary?: true;
}

interface Page {
  items: Item[];
  nextCursor: number | null;
  prevCursor: number | null;
  lastSeq: number;
}

/** One read in both forms: the JSON page, and the lines form parsed back into the same shape. */
async function bothForms(
  id: string,
  query: string,
): Promise<{ json: Page; lines: Page; res: Response; body: string }> {
  const json = (await h.json(`/api/executions/${id}/logs?${query}`)).body as Page;
  const res = await fetch(`${h.url}/api/executions/${id}/logs?${query}&as=lines`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  const body = await res.text();
  const items = body === '' ? [] : body.slice(0, -1).split('\n').map(fields);
  const cursor = (name: string) => (res.headers.get(name) === null ? null : Number(res.headers.get(name)));
  const lines = {
    items,
    nextCursor: cursor('tokenfold-next-cursor'),
    prevCursor: cursor('tokenfold-prev-cursor'),
    lastSeq: Number(res.headers.get('tokenfold-last-seq')),
  };
  return { json, lines, res, body };
}

function fields(line: string): Item {
  const [seq, stream, at] = line.split('\t', 3) as [string, string, string];
  const text = line.slice(seq.length + stream.length + at.length + 3);
  const item: Item = { seq: Number(seq), stream: stream.replace('+binary', ''), text, at: Number(at) };
  if (stream.endsWith('+binary')) item.binary = true;
  return item;
}

async function finished(id: string): Promise<void> {
  await waitFor(
    async () => (await h.json(`/api/executions/${id}`)).body.status !== 'running',
    20_000,
    'execution to finish',
  );
}

describe('GET /api/executions/:id/logs?as=lines', () => {
  it('carries the same items and cursors as JSON for every line format, awkward lines included', async () => {
    // Tabs, a CR inside a line, CRLF, invalid UTF-8, non-ASCII, stderr, and no final newline.
    const command =
      "printf 'one\\ttab\\nwith\\rcr\\ncrlf\\r\\n\\377\\376bin\\ncaf\\303\\251 \\342\\234\\223\\n'; printf 'err line\\n' >&2; printf 'no newline'";
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command }),
    });
    await finished(run.body.id);
    for (const format of ['deltas', 'raw', 'folded']) {
      const all = await bothForms(run.body.id, `format=${format}`);
      expect(all.lines).toEqual(all.json);
      expect(all.json.items.map((i) => i.text)).toEqual(
        expect.arrayContaining(['one\ttab', 'with\rcr', 'crlf', 'café ✓', 'err line', 'no newline']),
      );
      expect(all.json.items.some((i) => i.binary)).toBe(true);
      // The web UI's parser reads the same lines.
      const parsed: [number, string, string][] = [];
      await readLines(new Response(all.body), (seq, stream, text) => parsed.push([seq, stream, text]));
      expect(parsed).toEqual(all.json.items.map((i) => [i.seq, i.stream, i.text]));
      // Paging: forwards from a cursor, the tail, and older than the tail.
      const first = await bothForms(run.body.id, `format=${format}&limit=3`);
      expect(first.lines).toEqual(first.json);
      expect(first.json.nextCursor).not.toBeNull();
      const next = await bothForms(run.body.id, `format=${format}&limit=3&cursor=${first.json.nextCursor}`);
      expect(next.lines).toEqual(next.json);
      const tail = await bothForms(run.body.id, `format=${format}&tail=2`);
      expect(tail.lines).toEqual(tail.json);
      expect(tail.json.prevCursor).not.toBeNull();
      const older = await bothForms(run.body.id, `format=${format}&tail=2&before=${tail.json.prevCursor}`);
      expect(older.lines).toEqual(older.json);
    }
  });

  it('serves a running execution and a finished agent run (folded) the same way', async () => {
    const live = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: "printf 'a\\nb\\n'; sleep 30" }),
    });
    await waitFor(
      async () => (await h.json(`/api/executions/${live.body.id}/logs?format=raw`)).body.items.length === 2,
      10_000,
      'two lines',
    );
    const running = await bothForms(live.body.id, 'format=raw');
    expect(running.lines).toEqual(running.json);
    await h.json(`/api/executions/${live.body.id}/stop`, { method: 'POST' });

    const agent = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'lines form' }),
    });
    await finished(agent.body.id);
    const folded = await bothForms(agent.body.id, 'format=folded');
    expect(folded.json.items.length).toBeGreaterThan(5);
    expect(folded.lines).toEqual(folded.json);
    // format=conversation (folded on the server from these lines) equals folding every stored delta.
    const e = (await h.store.getExecution(agent.body.id))!;
    const everyDelta = toConversation(await readEntries(h.store, e, formatFor(e.executor)));
    expect(everyDelta.items.length).toBeGreaterThan(3);
    expect((await h.json(`/api/executions/${agent.body.id}/logs?format=conversation`)).body).toEqual(
      JSON.parse(JSON.stringify(everyDelta)),
    );
    // A second read of a finished execution comes from the page cache, with the same headers.
    const again = await bothForms(agent.body.id, 'format=folded');
    expect(again.lines).toEqual(folded.json);
    expect(again.res.headers.get('server-timing')).toMatch(/cache/);
  });

  it('refuses an unknown form, and lines for formats that are not lines', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'echo hi' }),
    });
    const unknown = await h.json(`/api/executions/${run.body.id}/logs?format=raw&as=xml`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/as/);
    for (const q of ['as=lines', 'format=messages&as=lines', 'format=conversation&as=lines']) {
      const r = await h.json(`/api/executions/${run.body.id}/logs?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field: 'as' });
    }
    // The explicit default is the JSON form.
    expect((await h.json(`/api/executions/${run.body.id}/logs?format=raw&as=json`)).body).toEqual(
      (await h.json(`/api/executions/${run.body.id}/logs?format=raw`)).body,
    );
  });
});
