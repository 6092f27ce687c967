// The conversation over HTTP in pages from the end (what the page opens a finished run with), cut long texts, and search.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEntry } from '../src/conversation/types.js';
import { generateLargeRun } from '../src/demo/workload.js';
import { startHarness, type Harness } from './support/server-harness.js';
import { ingestFile } from './support/server-process.js';

let h: Harness;
let id: string;
let whole: ConversationEntry[];
const LONG = 'z'.repeat(200_000);

beforeAll(async () => {
  h = await startHarness();
  const run = generateLargeRun(5_000, 11);
  const file = join(h.dbPath, '..', 'run.jsonl');
  // A 200 KB plain line in the middle: a raw entry longer than the page is sent.
  writeFileSync(file, [...run.slice(0, 50), LONG, ...run.slice(50)].join('\n') + '\n');
  id = ingestFile(h.dbPath, file);
  whole = (await h.json(`/api/executions/${id}/logs?format=conversation`)).body.items;
});
afterAll(() => h?.close());

type Page = { items: ConversationEntry[]; start: number; total: number; lastSeq: number };
const page = async (q: string): Promise<Page> =>
  (await h.json(`/api/executions/${id}/logs?format=conversation&${q}`)).body;
const json = (e: unknown) => JSON.stringify(e);

describe('conversation pages', () => {
  it('walking back from the end with tail/before gives the whole conversation, long texts cut', async () => {
    const got: ConversationEntry[] = [];
    let p = await page('tail=25');
    expect(p.total).toBe(whole.length);
    for (;;) {
      got.unshift(...p.items);
      if (p.start === 0) break;
      p = await page(`tail=25&before=${p.start}`);
    }
    expect(got.length).toBe(whole.length);
    const i = whole.findIndex((e) => e.kind === 'raw' && e.text === LONG);
    expect(i).toBeGreaterThan(-1);
    expect(got[i]).toMatchObject({ kind: 'raw', truncated: true, text: LONG.slice(0, 64 * 1024) });
    // Everything else is the same entry as in the whole conversation.
    expect(got.filter((_, k) => k !== i).map(json)).toEqual(whole.filter((_, k) => k !== i).map(json));
    // full=1: that entry whole.
    expect((await page(`tail=1&before=${i + 1}&full=1`)).items[0]).toMatchObject({ text: LONG });
  });

  it('search returns every top-level entry containing the text, and only those', async () => {
    const q = 'Read';
    const r = (await h.json(`/api/executions/${id}/search?q=${q.toLowerCase()}`)).body as {
      hits: { index: number; id: string }[];
      count: number;
      total: number;
    };
    const expected = whole.flatMap((e, index) =>
      json(e).toLowerCase().includes(q.toLowerCase()) ? [index] : [],
    );
    expect(r.count).toBeGreaterThan(0);
    expect(r.total).toBe(whole.length);
    // JSON text also holds keys: every real hit is among the JSON matches, and every hit's entry has the text.
    expect(r.hits.every((x) => expected.includes(x.index) && whole[x.index]!.id === x.id)).toBe(true);
    expect((await h.json(`/api/executions/${id}/search?q=${q}&limit=2`)).body.hits.length).toBe(
      Math.min(2, r.count),
    );
  });

  it('refuses a search without text and a tail of 0, naming the parameter', async () => {
    expect((await h.json(`/api/executions/${id}/search`)).status).toBe(400);
    const bad = await h.json(`/api/executions/${id}/logs?format=conversation&tail=0`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tail');
    expect((await h.json(`/api/executions/nope/search?q=x`)).status).toBe(404);
  });
});
