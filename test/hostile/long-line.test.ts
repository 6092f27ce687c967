// Lines of megabytes from a real command (a minified bundle printed whole): kept as pieces of at most 1 MB,
// cut between characters, and read back exactly as a download, a JSON page (streamed past 8 MB), an
// `as=lines` page and SSE. Handled whole, one 70 MB line held the event loop for about half a second in each
// of the write, the compaction and the read (`npm run bench:stall`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_ABOVE } from '../../src/http/routes/logs.js';
import { PIECE_BYTES } from '../../src/pipeline/execution-log.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';
import { readSse } from '../support/sse-client.js';
import { tempDir } from '../support/store-helpers.js';

/** About `bytes` of text mixing ASCII with two-, three- and four-byte characters, no newline. */
function longLine(bytes: number, seed: string): string {
  const unit = `${seed} const é = "✓ 😀 ${seed}"; `;
  return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))).slice(0, bytes - 8);
}

// Over STREAM_ABOVE (8 MB): a JSON page of it is sent as it is made.
const out = Buffer.from(`${longLine(7.6e6, 'A')}\nshort\n${longLine(2.3e6, 'C')}`); // no final newline
const err = Buffer.from(`${longLine(1.5e6, 'B')}\n`);

let h: Harness;
/** A run printing `out` on stdout, and one printing `err` on stderr (two pipes have no order between them). */
let id: string;
let errId: string;
const tmp = tempDir('tokenfold-long-line-');

async function run(command: string): Promise<string> {
  const r = await h.json('/api/executions', {
    method: 'POST',
    body: JSON.stringify({ executor: 'command', command }),
  });
  expect(r.status).toBe(201);
  await waitFor(
    async () => (await h.json(`/api/executions/${r.body.id}`)).body.compacted,
    30_000,
    'compaction',
  );
  return r.body.id as string;
}

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(tmp.dir, 'out'), out);
  writeFileSync(join(tmp.dir, 'err'), err);
  id = await run(`cat '${tmp.dir}/out'`);
  errId = await run(`cat '${tmp.dir}/err' >&2`);
}, 60_000);
afterAll(async () => {
  await h?.close();
  tmp.cleanup();
});

interface Item {
  seq: number;
  stream: string;
  text: string;
  binary?: true;
}

describe('lines of megabytes', () => {
  it('download=1&format=raw gives back the exact bytes', async () => {
    const res = await fetch(`${h.url}/api/executions/${id}/logs?format=raw&download=1`);
    expect(Buffer.from(await res.arrayBuffer()).equals(out)).toBe(true);
    const res2 = await fetch(`${h.url}/api/executions/${errId}/logs?format=raw&download=1`);
    expect(Buffer.from(await res2.arrayBuffer()).equals(err)).toBe(true);
  });

  it('a JSON page holds pieces of at most 1 MB, cut between characters, that join into the lines printed', async () => {
    const res = await fetch(`${h.url}/api/executions/${id}/logs?format=raw&limit=1000`);
    const body = await res.text();
    expect(res.headers.get('content-length')).toBeNull(); // sent as it is made
    expect(body.length).toBeGreaterThan(STREAM_ABOVE);
    const page = JSON.parse(body) as { items: Item[]; nextCursor: number | null; lastSeq: number };
    expect(JSON.stringify(page)).toBe(body);
    expect(page.nextCursor).toBeNull();
    const stderr = (await h.json(`/api/executions/${errId}/logs?format=raw&limit=1000`)).body as {
      items: Item[];
    };
    for (const it of [...page.items, ...stderr.items]) {
      expect(it.binary).toBeUndefined();
      expect(Buffer.byteLength(it.text)).toBeLessThanOrEqual(PIECE_BYTES);
    }
    expect(page.items.length).toBeGreaterThanOrEqual(6);
    // Pieces carry no terminator (the JSON view shows no terminators): the texts join into the output's.
    expect(page.items.map((i) => i.text).join('')).toBe(out.toString().replaceAll('\n', ''));
    expect(stderr.items.every((i) => i.stream === 'stderr')).toBe(true);
    expect(stderr.items.map((i) => i.text).join('')).toBe(err.toString().slice(0, -1));
  });

  it('an as=lines page has the same pieces', async () => {
    const res = await fetch(`${h.url}/api/executions/${id}/logs?format=raw&as=lines&limit=1000`);
    const texts = (await res.text())
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split('\t').slice(3).join('\t'));
    const json = (await h.json(`/api/executions/${id}/logs?format=raw&limit=1000`)).body as { items: Item[] };
    expect(texts).toEqual(json.items.map((i) => i.text));
  });

  it('SSE format=raw: the pieces arrive as unterminated lines and join into the exact output', async () => {
    const r = await readSse(`${h.url}/api/executions/${id}/stream?format=raw`);
    const bytes: Buffer[] = [];
    for (const e of r.events) {
      if (e.event === 'finished') continue;
      const d =
        e.event === 'line-escaped'
          ? (JSON.parse(e.data) as { stream: string; text: string; eol: string })
          : { stream: e.event === 'stderr' ? 'stderr' : 'stdout', text: e.data, eol: 'lf' };
      bytes.push(Buffer.from(d.text + { lf: '\n', crlf: '\r\n', none: '' }[d.eol]!));
    }
    expect(Buffer.concat(bytes).equals(out)).toBe(true);
  });
});
