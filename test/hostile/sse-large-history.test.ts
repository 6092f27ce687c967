// A finished run of 300,000 lines (~30 MB) read through the SSE stream: complete and exact for a fast client,
// a client that stops reading for a while (backpressure, no disconnect), and one resuming with Last-Event-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Eol } from '../../src/ingest/line.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import type { ReplayEntry } from '../../src/replay/entry.js';
import { readEntries } from '../../src/replay/read-history.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';
import { readSse, type SseEvent } from '../support/sse-client.js';

const LINES = 300_000;
const EOLS = ['lf', 'crlf', 'none'];

/**
 * Line i of the run: Claude Code text blocks (44 stream-json lines per 100) between plain build output, a few
 * lines SSE must escape, and every 50th block an exact repeat of a delta (shown by `raw` only).
 */
function lineAt(i: number): Buffer {
  const turn = Math.floor(i / 100);
  const k = i % 100;
  if (k === 41 && turn % 50 === 0) return lineAt(i - 1);
  const ev = (event: object) =>
    JSON.stringify({
      type: 'stream_event',
      event,
      session_id: 's-1',
      parent_tool_use_id: null,
      uuid: `u-${i}`,
    });
  if (k === 0)
    return Buffer.from(
      ev({
        type: 'message_start',
        message: { id: `msg_${turn}`, type: 'message', role: 'assistant', content: [] },
      }),
    );
  if (k === 1)
    return Buffer.from(
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    );
  if (k < 42)
    return Buffer.from(
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `word${i % 977} ` } }),
    );
  if (k === 42) return Buffer.from(ev({ type: 'content_block_stop', index: 0 }));
  if (k === 43) return Buffer.from(ev({ type: 'message_stop' }));
  if (i % 10_007 === 50) return Buffer.from(`progress ${i}\rprogress ${i + 1}`); // a CR inside: escaped
  if (i % 20_011 === 60) return Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe]); // invalid UTF-8: escaped
  return Buffer.from(`build ${i}: compiled src/module-${i % 313}.ts in ${i % 97} ms — ok ✓`);
}

async function* chunks(): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for (let i = 0; i < LINES; i++) {
    const line = lineAt(i);
    parts.push(line, NL);
    size += line.length + 1;
    if (size > 256 * 1024) {
      yield Buffer.concat(parts);
      parts = [];
      size = 0;
    }
  }
  yield Buffer.concat(parts);
}
const NL = Buffer.from('\n');

/** Checks each received line event against the stored entries, in order, without holding the events. */
class Checker {
  next = 0;
  lastId: string | null = null;
  finished: SseEvent | null = null;
  constructor(readonly want: ReplayEntry[]) {}
  onEvent = (e: SseEvent): void => {
    if (e.event === 'finished') {
      this.finished = e;
      return;
    }
    const w = this.want[this.next];
    if (w === undefined) throw new Error(`extra event ${e.event} id ${e.id}`);
    const where = `line ${this.next} (id ${e.id})`;
    if (e.id !== String(w.seq)) throw new Error(`${where}: id ${e.id}, want ${w.seq}`);
    if (e.event === 'line') {
      if (w.text === null || w.eol !== Eol.Lf || e.data !== w.text)
        throw new Error(`${where}: got line ${e.data.slice(0, 80)}`);
    } else if (e.event === 'line-escaped') {
      const d = JSON.parse(e.data) as { text?: string; base64?: string; eol: string };
      const same =
        d.text !== undefined
          ? d.text === w.text
          : w.bytes !== null && Buffer.from(d.base64!, 'base64').equals(w.bytes);
      if (!same || d.eol !== EOLS[w.eol]) throw new Error(`${where}: got escaped ${e.data.slice(0, 80)}`);
    } else throw new Error(`${where}: unexpected event ${e.event}`);
    this.lastId = e.id;
    this.next++;
  };
}

let h: Harness;
let id: string;
let wantRaw: ReplayEntry[];
let wantDeltas: ReplayEntry[];
const REPEATS = LINES / 100 / 50;
beforeAll(async () => {
  h = await startHarness();
  const { execution } = await ingestStream(h.store, chunks(), {
    executor: 'claude-code',
    kind: 'coding-agent',
  });
  id = execution.id;
  wantRaw = await readEntries(h.store, execution, { repeats: true });
  wantDeltas = await readEntries(h.store, execution);
}, 120_000);
afterAll(async () => h?.close());

describe('SSE history of any size', () => {
  it('the run is 300,000 lines, about 30 MB, with lines that need escaping and repeats', () => {
    const want = wantRaw;
    expect(want).toHaveLength(LINES);
    expect(wantDeltas).toHaveLength(LINES - REPEATS);
    const bytes = want.reduce(
      (n, e) => n + (e.text !== null ? Buffer.byteLength(e.text) : e.bytes!.length) + 1,
      0,
    );
    expect(bytes).toBeGreaterThan(28e6);
    expect(want.filter((e) => e.text === null || e.text.includes('\r')).length).toBeGreaterThan(20);
    expect(want[2]!.text).toContain('content_block_delta');
  });

  it('format=raw: a client that stops reading for 1.5 s mid-history still gets every line, once, then finished', async () => {
    const c = new Checker(wantRaw);
    let paused = false;
    const r = await readSse(`${h.url}/api/executions/${id}/stream?format=raw`, {
      keep: false,
      onEvent: (e, res) => {
        c.onEvent(e);
        if (c.next === 20_000 && !paused) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), 1500);
        }
      },
    });
    expect(r.aborted).toBe(false);
    expect(c.next).toBe(LINES);
    expect(JSON.parse(c.finished!.data)).toMatchObject({ status: 'completed' });
  }, 120_000);

  it('format=deltas: interrupted twice and resumed with Last-Event-ID, no gap and no duplicate', async () => {
    const c = new Checker(wantDeltas);
    const url = `${h.url}/api/executions/${id}/stream?format=deltas`;
    for (const stopAfter of [123_457, 100_000]) {
      const headers: Record<string, string> = c.lastId !== null ? { 'last-event-id': c.lastId } : {};
      const r = await readSse(url, { keep: false, headers, abortAfter: stopAfter, onEvent: c.onEvent });
      expect(r.aborted).toBe(true);
    }
    expect(c.next).toBe(223_457);
    const rest = await readSse(url, {
      keep: false,
      headers: { 'last-event-id': c.lastId! },
      onEvent: c.onEvent,
    });
    expect(rest.aborted).toBe(false);
    expect(c.next).toBe(LINES - REPEATS);
    expect(c.finished).not.toBeNull();
  }, 120_000);

  it('a running command: a slow client joining after 150,000 lines gets history then live, no gap and no duplicate', async () => {
    const command =
      "seq -f 'line %g of a long build, padded to about sixty bytes of text' 1 150000; sleep 1.5; seq -f 'late %g' 1 3000; sleep 0.3; echo done";
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command }),
    });
    expect(run.status).toBe(201);
    await waitFor(
      async () => (await h.json(`/api/executions/${run.body.id}`)).body.lines >= 150_000,
      30_000,
      '150,000 lines',
    );
    const seqs: number[] = [];
    const texts: string[] = [];
    let paused = false;
    const r = await readSse(`${h.url}/api/executions/${run.body.id}/stream?format=raw`, {
      keep: false,
      onEvent: (e, res) => {
        if (e.event !== 'line') return;
        seqs.push(Number(e.id));
        texts.push(e.data);
        if (seqs.length === 10_000 && !paused) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), 2500);
        }
      },
    });
    expect(r.aborted).toBe(false);
    const e = (await h.store.getExecution(run.body.id))!;
    expect(e.status).toBe('completed');
    const stored = await readEntries(h.store, e, { repeats: true });
    expect(stored).toHaveLength(153_001);
    expect(seqs).toEqual(stored.map((x) => x.seq));
    expect(texts.at(-1)).toBe('done');
    expect(texts.join('\n')).toBe(stored.map((x) => x.text).join('\n'));
  }, 120_000);
});
