// A piece of one conversation entry's text (`logs?format=conversation&entry=&from=&chars=`): exact pieces whatever
// the boundaries (multi-byte UTF-8, surrogate pairs), bounds, and a 400 naming the parameter for bad values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEntry } from '../src/conversation/types.js';
import { generateLargeRun } from '../src/demo/workload.js';
import { pieceBounds } from '../src/http/routes/entry-text.js';
import { startHarness, type Harness } from './support/server-harness.js';
import { ingestFile } from './support/server-process.js';

let h: Harness;
let id: string;
let index: number;
// 1, 2, 3 and 4-byte UTF-8 characters (the last a surrogate pair in UTF-16), in a line longer than a page cuts.
const LONG = 'a\u00e9\u4e2d\u{1F600}'.repeat(60_000) + 'end';

beforeAll(async () => {
  h = await startHarness();
  const run = generateLargeRun(300, 5);
  const file = join(h.dbPath, '..', 'run.jsonl');
  writeFileSync(file, [...run.slice(0, 20), LONG, ...run.slice(20)].join('\n') + '\n');
  id = ingestFile(h.dbPath, file);
  const whole = (await h.json(`/api/executions/${id}/logs?format=conversation`)).body
    .items as ConversationEntry[];
  index = whole.findIndex((e) => e.kind === 'raw' && e.text === LONG);
  expect(index).toBeGreaterThan(-1);
});
afterAll(() => h?.close());

const get = (q: string) => fetch(`${h.url}/api/executions/${id}/logs?format=conversation&${q}`);

/** The whole text read piece by piece of `chars` (following tokenfold-text-next), and the raw bytes of each piece. */
async function readAll(chars: number): Promise<{ text: string; pieces: number; bytesExact: boolean }> {
  let from = 0;
  let text = '';
  let pieces = 0;
  let bytesExact = true;
  for (;;) {
    const res = await get(`entry=${index}&from=${from}&chars=${chars}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Number(res.headers.get('tokenfold-text-length'))).toBe(LONG.length);
    const next = Number(res.headers.get('tokenfold-text-next'));
    const bytes = Buffer.from(await res.arrayBuffer());
    // The bytes are exactly the UTF-8 of [from, next): no half character, no replacement character.
    bytesExact &&= bytes.equals(Buffer.from(LONG.slice(from, next), 'utf8'));
    text += bytes.toString('utf8');
    pieces++;
    if (next >= LONG.length) return { text, pieces, bytesExact };
    expect(next).toBeGreaterThan(from);
    from = next;
  }
}

describe('a piece of an entry text', () => {
  it('pieces of any size put together are the whole text, byte for byte, pairs never split', async () => {
    for (const chars of [262_144, 65_537, 4_099]) {
      const got = await readAll(chars);
      expect(got.bytesExact).toBe(true);
      expect(got.text === LONG).toBe(true);
      expect(got.pieces).toBeGreaterThanOrEqual(Math.ceil(LONG.length / chars));
    }
  });

  it('an offset inside a surrogate pair starts at the pair; the default piece is 256 Ki characters', async () => {
    // LONG[3] and LONG[4] are the pair of U+1F600.
    const res = await get(`entry=${index}&from=4&chars=3`);
    expect(await res.text()).toBe('\u{1F600}a');
    expect(res.headers.get('tokenfold-text-next')).toBe('6');
    // A one-character piece ending inside a pair grows to the whole pair rather than come back empty.
    expect(await (await get(`entry=${index}&from=3&chars=1`)).text()).toBe('\u{1F600}');
    // 256 Ki falls inside a pair (the pattern is 5 units long): the piece stops before it.
    const first = await get(`entry=${index}`);
    expect(first.headers.get('tokenfold-text-next')).toBe(String(256 * 1024 - 1));
    expect((await first.text()) === LONG.slice(0, 256 * 1024 - 1)).toBe(true);
    expect(pieceBounds('ab', 2, 5)).toEqual([2, 2]);
  });

  it('the end of the text: from=length is empty, past it a 400', async () => {
    const end = await get(`entry=${index}&from=${LONG.length}`);
    expect(end.status).toBe(200);
    expect(await end.text()).toBe('');
    expect(end.headers.get('tokenfold-text-next')).toBe(String(LONG.length));
    const tail = await get(`entry=${index}&from=${LONG.length - 3}&chars=10`);
    expect(await tail.text()).toBe('end');
  });

  it.each([
    ['entry=-1', 'entry'],
    ['entry=1e3', 'entry'],
    ['entry=999999', 'entry'],
    ['from=0', 'entry'],
    ['entry=IDX&from=-1', 'from'],
    ['entry=IDX&from=0x10', 'from'],
    ['entry=IDX&from=99999999', 'from'],
    ['entry=IDX&chars=0', 'chars'],
    ['entry=IDX&chars=4194305', 'chars'],
    ['entry=IDX&chars=12.5', 'chars'],
    ['entry=IDX&part=input', 'part'],
    ['entry=IDX&part=bogus', 'part'],
    ['entry=IDX&tail=1', 'tail'],
    ['entry=IDX&full=1', 'full'],
    ['entry=IDX&download=1', 'download'],
  ])('%s is a 400 naming %s', async (q, name) => {
    const res = await get(q.replace('IDX', String(index)));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(name);
  });

  it('is for format=conversation only', async () => {
    const res = await fetch(`${h.url}/api/executions/${id}/logs?format=raw&entry=${index}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('format');
  });
});
