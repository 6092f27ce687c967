// Conversation pages through the server: a run stored before pages existed (or with stale or broken pages)
// opens with the right entries and gets its pages then; a run the server ran gets them after compaction;
// deleting a run deletes them.
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../src/demo/workload.js';
import { ingestStream } from '../src/pipeline/ingest.js';
import { toConversation } from '../src/replay/conversation.js';
import { PAGES_VERSION, readPagesHeader } from '../src/replay/conversation-pages/index.js';
import { readEntries } from '../src/replay/read-history.js';
import { DerivedKind } from '../src/store/contract.js';
import type { Execution } from '../src/store/types.js';
import { startHarness, waitFor, type Harness } from './support/server-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ demoSpeed: 50 });
});
afterAll(() => h?.close());

type Page = { items: unknown[]; start: number; total: number; lastSeq: number };
const tail = async (id: string, q = 'tail=60'): Promise<Page> =>
  (await h.json(`/api/executions/${id}/logs?format=conversation&${q}`)).body;
const derivedRows = (num: number) =>
  (
    h.store.db
      .prepare('SELECT count(*) AS n FROM derived_records WHERE id >= ? AND id < ?')
      .get(num * 2 ** 24, (num + 1) * 2 ** 24) as { n: number }
  ).n;

/** The conversation built from every delta of the run's lossless history, as the page gets it (JSON). */
async function expected(e: Execution): Promise<string[]> {
  return toConversation(await readEntries(h.store, e), e.executor).items.map((x) => JSON.stringify(x));
}

async function* once(b: Buffer) {
  yield b;
}

async function ingest(seed: number): Promise<Execution> {
  const input = Buffer.from(generateLargeRun(1_500, seed).join('\n') + '\n');
  return (await ingestStream(h.store, once(input), { executor: 'claude-code', kind: 'coding-agent' }))
    .execution;
}

/** The page's view of the last 60 entries and of an older window equal the history's. */
async function expectPagesRight(e: Execution): Promise<void> {
  const want = await expected(e);
  const last = await tail(e.id);
  expect(last.total).toBe(want.length);
  expect(last.items.map((x) => JSON.stringify(x))).toEqual(want.slice(-60));
  const older = await tail(e.id, 'tail=200&before=150');
  expect([older.start, older.total]).toEqual([0, want.length]);
  expect(older.items.map((x) => JSON.stringify(x))).toEqual(want.slice(0, 150));
}

describe('conversation pages in the server', () => {
  it('a run compacted before pages existed opens right, and its pages are stored on that first open', async () => {
    const e = await ingest(3);
    h.store.db.prepare('DELETE FROM derived_records').run();
    expect(await readPagesHeader(h.store, e)).toBeNull();
    await expectPagesRight(e);
    const header = await waitFor(() => readPagesHeader(h.store, e), 10_000, 'pages stored');
    expect(header.v).toBe(PAGES_VERSION);
    await expectPagesRight(e);
  });

  it('pages of another version, or out of step with their header, are never shown: rebuilt and replaced', async () => {
    const stale = await ingest(4);
    const good = (await readPagesHeader(h.store, stale))!;
    // Pages of an older version, holding other entries (what an older builder made).
    const fake = { kind: 'raw', id: 'old', parent: null, seq: 0, stream: 'stdout', text: 'stale' };
    const bad = [
      { no: 0, body: Buffer.from(JSON.stringify({ ...good, v: PAGES_VERSION - 1, total: 1, starts: [0] })) },
      { no: 1, body: deflateRawSync(JSON.stringify({ start: 0, items: [fake] })) },
    ];
    expect(await h.store.putDerived(stale, DerivedKind.ConversationPages, bad)).toBe(true);
    await expectPagesRight(stale);
    expect((await waitFor(() => readPagesHeader(h.store, stale), 10_000, 'pages replaced')).v).toBe(
      PAGES_VERSION,
    );
    // A header promising pages that are not there.
    const broken = await ingest(5);
    const hb = (await readPagesHeader(h.store, broken))!;
    await h.store.putDerived(broken, DerivedKind.ConversationPages, [
      { no: 0, body: Buffer.from(JSON.stringify(hb)) },
    ]);
    await expectPagesRight(broken);
  });

  it('a sweep stores the pages of every agent run without them, newest first, and leaves the others', async () => {
    const [a, b] = [await ingest(8), await ingest(9)];
    h.store.db.prepare('DELETE FROM derived_records').run();
    expect(await h.manager.pageBuilds.sweep()).toBeGreaterThanOrEqual(2);
    for (const e of [a, b]) expect(await readPagesHeader(h.store, e)).toMatchObject({ id: e.id });
    await expectPagesRight(b);
    expect(await h.manager.pageBuilds.sweep()).toBe(0);
  });

  it('stored=1 answers from stored pages only: the same page, or 204 with nothing built', async () => {
    const e = await ingest(6);
    const stored = await h.json(`/api/executions/${e.id}/logs?format=conversation&tail=60&stored=1`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(await tail(e.id));
    h.store.db.prepare('DELETE FROM derived_records').run();
    const old = await ingest(7);
    h.store.db.prepare('DELETE FROM derived_records').run();
    const none = await fetch(`${h.url}/api/executions/${old.id}/logs?format=conversation&tail=60&stored=1`);
    expect([none.status, await none.text()]).toEqual([204, '']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await readPagesHeader(h.store, old)).toBeNull();
    const plain = (
      await ingestStream(h.store, once(Buffer.from('a\nb\n')), { executor: 'plain', kind: 'script' })
    ).execution;
    const other = await fetch(
      `${h.url}/api/executions/${plain.id}/logs?format=conversation&tail=60&stored=1`,
    );
    expect(other.status).toBe(204);
  });

  it('a run of one page stores a header only, opens right and is not rebuilt by a sweep', async () => {
    await h.manager.pageBuilds.sweep(); // the other tests' runs left without pages
    const small = (
      await ingestStream(h.store, once(Buffer.from(generateLargeRun(40, 11).join('\n') + '\n')), {
        executor: 'claude-code',
        kind: 'coding-agent',
      })
    ).execution;
    const want = await expected(small);
    expect(want.length).toBeGreaterThan(0);
    expect(await readPagesHeader(h.store, small)).toMatchObject({ total: want.length, starts: [], small: 1 });
    expect(derivedRows(small.num)).toBe(1);
    const stored = await fetch(
      `${h.url}/api/executions/${small.id}/logs?format=conversation&tail=60&stored=1`,
    );
    expect(stored.status).toBe(204);
    const page = await tail(small.id);
    expect([page.start, page.total]).toEqual([Math.max(0, want.length - 60), want.length]);
    expect(page.items.map((x) => JSON.stringify(x))).toEqual(want.slice(-60));
    expect(await h.manager.pageBuilds.sweep()).toBe(0);
    expect(derivedRows(small.num)).toBe(1);
  });

  it('a run the server ran gets its pages after compaction; deleting the run deletes them', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'pages after compaction' }),
    });
    expect(run.status).toBe(201);
    const done = await waitFor(
      async () => {
        const e = (await h.json(`/api/executions/${run.body.id}`)).body as Execution;
        return e.compacted ? e : null;
      },
      30_000,
      'compaction',
    );
    await h.manager.pageBuilds.idle();
    expect(await readPagesHeader(h.store, done)).toMatchObject({ id: done.id, v: PAGES_VERSION });
    const want = await expected(done);
    expect((await tail(done.id)).items.map((x) => JSON.stringify(x))).toEqual(want.slice(-60));
    // A header, and pages unless the run is one page's worth.
    expect(derivedRows(done.num)).toBeGreaterThanOrEqual(1);
    expect((await h.json(`/api/executions/${done.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(derivedRows(done.num)).toBe(0);
  });
});
