// Integration: a real server on an ephemeral loopback port, real child processes (the fake claude and sh).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './support/sse-client.js';
import { startHarness, waitFor, type Harness } from './support/server-harness.js';
import { formatFor } from '../src/formats/registry.js';
import { entryText } from '../src/replay/entry.js';
import { readEntries } from '../src/replay/read-history.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoSpeed: 20 });
});
afterAll(async () => {
  await h.close();
});

/** What `tokenfold logs ID --format deltas` prints, read through the same store. */
async function storedDeltas(id: string): Promise<string> {
  const e = (await h.store.getExecution(id))!;
  return (await readEntries(h.store, e, formatFor(e.executor))).map(entryText).join('');
}

/** Text of `line` events as the deltas format (each event is one line). */
function linesOf(events: SseEvent[]): string {
  return events
    .filter((e) => e.event === 'line' || e.event === 'line-escaped')
    .map((e) => {
      if (e.event === 'line') return e.data + '\n';
      const d = JSON.parse(e.data) as { text?: string; base64?: string; eol: string };
      return (
        (d.text ?? Buffer.from(d.base64!, 'base64').toString('utf8')) +
        ({ lf: '\n', crlf: '\r\n', none: '' } as Record<string, string>)[d.eol]
      );
    })
    .join('');
}

describe('tokenfold serve', () => {
  it('runs a demo agent and a dev-server-like command, streams both, stops one', async () => {
    const agent = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'fix the bug' }),
    });
    expect(agent.status).toBe(201);
    expect(agent.body.status).toBe('running');
    const dev = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({
        executor: 'command',
        command: 'i=0; while true; do i=$((i+1)); echo "ready in $i ms"; sleep 0.05; done',
      }),
    });
    expect(dev.status).toBe(201);

    const devStream = readSse(`${h.url}/api/executions/${dev.body.id}/stream?format=raw`);
    const agentStream = readSse(`${h.url}/api/executions/${agent.body.id}/stream?format=deltas`);
    await waitFor(
      async () => (await h.json(`/api/executions/${dev.body.id}`)).body.lines >= 5,
      10_000,
      'dev server output',
    );
    const stopped = await h.json(`/api/executions/${dev.body.id}/stop`, { method: 'POST' });
    expect(stopped.status).toBe(202);

    const devEvents = (await devStream).events;
    const finished = devEvents.at(-1)!;
    expect(finished.event).toBe('finished');
    expect(JSON.parse(finished.data).status).toBe('killed');
    expect(devEvents.filter((e) => e.event === 'line')[0]!.data).toBe('ready in 1 ms');

    const agentEvents = (await agentStream).events;
    expect(JSON.parse(agentEvents.at(-1)!.data)).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(linesOf(agentEvents)).toBe(await storedDeltas(agent.body.id));
    // The final status is published before compaction, which follows it: wait for both.
    const final = await waitFor(
      async () => {
        const x = (await h.json(`/api/executions/${agent.body.id}`)).body;
        return x.compacted === true && x;
      },
      10_000,
      'compaction',
    );
    expect(final).toMatchObject({ status: 'completed', exitCode: 0, compacted: true });
    expect(final.deltasFolded).toBeGreaterThan(50);
    const list = await h.json('/api/executions?limit=10');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([dev.body.id, agent.body.id]);
    const killed = await h.json(`/api/executions/${dev.body.id}`);
    expect(killed.body.status).toBe('killed');
  });

  it('a client that disconnects 20+ times and resumes with Last-Event-ID gets exactly the stored deltas', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'resume test' }),
    });
    const id = run.body.id;
    const lateJoiner = (async () => {
      await new Promise((r) => setTimeout(r, 700));
      return readSse(`${h.url}/api/executions/${id}/stream?format=deltas`);
    })();
    const received: SseEvent[] = [];
    let lastId: string | null = null;
    let reconnects = 0;
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (;;) {
      const headers: Record<string, string> = lastId !== null ? { 'last-event-id': lastId } : {};
      const r = await readSse(`${h.url}/api/executions/${id}/stream?format=deltas`, {
        headers,
        abortAfter: 1 + Math.floor(rand() * 40),
      });
      received.push(...r.events);
      const withId = r.events.filter((e) => e.id !== null);
      if (withId.length > 0) lastId = withId.at(-1)!.id;
      if (r.events.at(-1)?.event === 'finished') break;
      reconnects++;
      if (reconnects > 5000) throw new Error('no end in sight');
      await new Promise((res) => setTimeout(res, rand() * 30));
    }
    expect(reconnects).toBeGreaterThanOrEqual(20);
    const want = await storedDeltas(id);
    expect(linesOf(received)).toBe(want);
    const ids = received.filter((e) => e.event === 'line').map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(linesOf((await lateJoiner).events)).toBe(want);
    process.stdout.write(
      `resume test: ${reconnects} reconnects, ${ids.length} lines, identical to logs --format deltas\n`,
    );
  });

  it('streams the conversation: a snapshot, then changed entries, ending like the stored history', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'conversation stream' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    const { events } = await readSse(`${h.url}/api/executions/${run.body.id}/stream?format=conversation`);
    expect(events[0]!.event).toBe('snapshot');
    expect(events.filter((e) => e.event === 'entries').length).toBeGreaterThan(3);
    // Apply updates by entry id (children included), as a client would.
    type E = { id: string; kind: string; text?: string; children?: E[] };
    const byId = new Map<string, E>();
    const order: string[] = [];
    const put = (list: E[]) => {
      for (const x of list) {
        if (!byId.has(x.id)) order.push(x.id);
        byId.set(x.id, x);
      }
    };
    for (const ev of events)
      if (ev.event === 'snapshot' || ev.event === 'entries') put(JSON.parse(ev.data).items);
    const flat = (list: E[]): E[] => list.flatMap((x) => [x, ...flat(x.children ?? [])]);
    const stored = flat((await h.json(`/api/executions/${run.body.id}/logs?format=conversation`)).body.items);
    const text = (list: E[]) =>
      list
        .filter((x) => x.kind === 'assistant-text')
        .map((x) => x.text)
        .sort()
        .join('|');
    expect(text(order.map((id) => byId.get(id)!))).toBe(text(stored));
    expect(events.at(-1)!.event).toBe('finished');
  });

  it('pages history forwards and from the end', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'seq 1 250' }),
    });
    await waitFor(
      async () => (await h.json(`/api/executions/${run.body.id}`)).body.status === 'completed',
      10_000,
      'seq to finish',
    );
    const tail = await h.json(`/api/executions/${run.body.id}/logs?format=raw&tail=10`);
    expect(tail.body.items.map((i: { text: string }) => i.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(241 + i)),
    );
    const older = await h.json(
      `/api/executions/${run.body.id}/logs?format=raw&tail=5&before=${tail.body.prevCursor}`,
    );
    expect(older.body.items.map((i: { text: string }) => i.text)).toEqual([
      '236',
      '237',
      '238',
      '239',
      '240',
    ]);
    let cursor: number | null = -1;
    const all: string[] = [];
    while (cursor !== null) {
      const page: { body: { items: { text: string }[]; nextCursor: number | null } } = await h.json(
        `/api/executions/${run.body.id}/logs?format=raw&limit=64&cursor=${cursor}`,
      );
      all.push(...page.body.items.map((i) => i.text));
      cursor = page.body.nextCursor;
    }
    expect(all).toEqual(Array.from({ length: 250 }, (_, i) => String(i + 1)));
  });

  it('answers bad requests with 400 naming the field, unknown ids with 404, big bodies with 413', async () => {
    const bad = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'rm -rf' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/executor/);
    const noPrompt = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'claude-code' }),
    });
    expect(noPrompt.status).toBe(400);
    expect(noPrompt.body.error.message).toMatch(/prompt/);
    const badCwd = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'ls', cwd: '/no/such/dir' }),
    });
    expect(badCwd.status).toBe(400);
    expect(badCwd.body.error.message).toMatch(/cwd/);
    const broken = await h.json('/api/executions', { method: 'POST', body: '{"executor":' });
    expect(broken.status).toBe(400);
    const fmt = await h.json('/api/executions/x/logs?format=nope');
    expect(fmt.status).toBe(400);
    expect(fmt.body.error.message).toMatch(/format/);
    expect((await h.json('/api/executions/nope')).status).toBe(404);
    expect((await h.json('/api/executions/nope/logs')).status).toBe(404);
    const huge = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'x'.repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
    const info = await h.json('/api/info');
    expect(info.body.executions.completed).toBeGreaterThan(0);
  });
});
