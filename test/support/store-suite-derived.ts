// Derived records over a backend: replaced whole, read by range, only for the compacted execution they were
// built for, and gone with the execution (or its rows replaced).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { generateLargeRun } from '../../src/demo/workload.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { RecordKind } from '../../src/records/types.js';
import { toConversation } from '../../src/replay/conversation.js';
import {
  readAllPages,
  readPage,
  readPagesHeader,
  pagesCovering,
} from '../../src/replay/conversation-pages/index.js';
import { PAGE_ENTRIES } from '../../src/replay/conversation-pages/page-codec.js';
import { readEntries } from '../../src/replay/read-history.js';
import { DerivedKind, type DerivedRecord, type LogStore } from '../../src/store/contract.js';
import type { Execution } from '../../src/store/types.js';
import { chunked, claudeStream } from './claude-stream-arbitrary.js';

const KIND = DerivedKind.ConversationPages;
const recs = (...bodies: string[]): DerivedRecord[] => bodies.map((b, no) => ({ no, body: Buffer.from(b) }));
const text = (rs: DerivedRecord[]) => rs.map((r) => `${r.no}:${r.body.toString()}`);

export function runDerivedSuite(store: () => LogStore): void {
  const compacted = async () => {
    const e = await store().createExecution({ executor: 'claude-code', kind: 'coding-agent' });
    await store().replaceRecords(e.num, [], { id: e.id, compacted: true, status: 'completed' });
    return e;
  };

  it('derived records: replaced whole, read by range [from, to), kept apart per execution, bytes exact', async () => {
    const [a, b] = [await compacted(), await compacted()];
    expect(await store().putDerived(a, KIND, recs('h', 'p0', 'p1', 'p2'))).toBe(true);
    expect(await store().putDerived(b, KIND, recs('other'))).toBe(true);
    expect(text(await store().readDerived(a.num, KIND, 0, 1))).toEqual(['0:h']);
    expect(text(await store().readDerived(a.num, KIND, 1, 3))).toEqual(['1:p0', '2:p1']);
    expect(text(await store().readDerived(a.num, KIND, -4, 100))).toEqual(['0:h', '1:p0', '2:p1', '3:p2']);
    expect(await store().readDerived(a.num, KIND, 4, 9)).toEqual([]);
    expect(await store().readDerived(a.num + 1000, KIND, 0, 9)).toEqual([]);
    // Replaced whole: fewer records than before leaves none of the old ones.
    expect(await store().putDerived(a, KIND, recs('h2', 'q0'))).toBe(true);
    expect(text(await store().readDerived(a.num, KIND, 0, 100))).toEqual(['0:h2', '1:q0']);
    expect(text(await store().readDerived(b.num, KIND, 0, 100))).toEqual(['0:other']);
    const bytes = Buffer.from([0, 255, 0x5c, 0x78, 0]);
    const big = Buffer.alloc(2_000_000, 9);
    await store().putDerived(b, KIND, [
      { no: 0, body: bytes },
      { no: 1, body: big },
    ]);
    const got = await store().readDerived(b.num, KIND, 0, 2);
    expect(got[0]!.body.equals(bytes) && got[1]!.body.equals(big)).toBe(true);
    // Storage figures count each execution's derived bytes apart from its log rows (retention weighs both).
    expect((await store().storageFigures(a.num)).derivedBytes).toBe(4);
    expect((await store().storageFigures(b.num)).derivedBytes).toBe(bytes.length + big.length);
    expect((await store().storageFigures(b.num)).bytes).toBe(0);
    expect((await store().storageFigures()).derivedBytes).toBeGreaterThanOrEqual(
      4 + bytes.length + big.length,
    );
  });

  it('derived records: written only for the compacted execution named, dropped with its rows or itself', async () => {
    const running = await store().createExecution({ executor: 'claude-code', kind: 'coding-agent' });
    expect(await store().putDerived(running, KIND, recs('h'))).toBe(false);
    expect(await store().readDerived(running.num, KIND, 0, 9)).toEqual([]);
    const a = await compacted();
    expect(await store().putDerived({ id: 'another-id', num: a.num }, KIND, recs('h'))).toBe(false);
    expect(await store().readDerived(a.num, KIND, 0, 9)).toEqual([]);
    await store().putDerived(a, KIND, recs('h', 'p'));
    // Its rows replaced (compacted again): what was derived from them goes.
    const seg = {
      recordNo: 0,
      kind: RecordKind.DeflateSegment,
      seqFirst: 0,
      seqLast: 1,
      body: Buffer.from('s'),
    };
    await store().replaceRecords(a.num, [seg], { id: a.id });
    expect(await store().readDerived(a.num, KIND, 0, 9)).toEqual([]);
    await store().putDerived(a, KIND, recs('h', 'p'));
    expect(await store().deleteExecution(a.id)).toBe(true);
    expect(await store().readDerived(a.num, KIND, 0, 9)).toEqual([]);
    // A build finishing after the delete writes nothing, even if a new execution took the number.
    expect(await store().putDerived(a, KIND, recs('late'))).toBe(false);
    const next = await compacted();
    if (next.num === a.num) expect(await store().readDerived(next.num, KIND, 0, 9)).toEqual([]);
    expect(await store().putDerived(a, KIND, recs('late'))).toBe(false);
    expect(await store().readDerived(next.num, KIND, 0, 9)).toEqual([]);
  });
}

async function* once(b: Buffer) {
  yield b;
}

/** The conversation as built from every delta line of the lossless history (not the folded lines pages are built from). */
async function fromHistory(store: LogStore, e: Execution): Promise<string[]> {
  return toConversation(await readEntries(store, e), e.executor).items.map((x) => JSON.stringify(x));
}

/** Entries [start, end) read from the stored pages as the server reads a window. */
async function windowFromPages(store: LogStore, e: Execution, start: number, end: number): Promise<string[]> {
  const h = (await readPagesHeader(store, e))!;
  const [first, last] = pagesCovering(h, start, end);
  const items = [];
  for (let p = first; p < last; p++) items.push(...(await readPage(store, e, h, p)).items);
  const from = start - (h.starts[first] ?? 0);
  return items.slice(from, from + end - start).map((x) => JSON.stringify(x));
}

export function runPagesSuite(store: () => LogStore): void {
  it('conversation pages of ingested runs equal the conversation built from every delta of their history', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, async ({ input, chunkSizes }) => {
        async function* src() {
          yield* chunked(input, chunkSizes);
        }
        const { execution: e } = await ingestStream(store(), src(), {
          executor: 'claude-code',
          kind: 'coding-agent',
        });
        const expected = await fromHistory(store(), e);
        const h = await readPagesHeader(store(), e);
        expect(h).toMatchObject({ id: e.id, total: expected.length });
        if (h!.small === 1) {
          // One page's worth: a header saying so, and no page (the run is built on open).
          expect(expected.length).toBeLessThanOrEqual(PAGE_ENTRIES);
          expect(await store().readDerived(e.num, KIND, 1, 100)).toEqual([]);
          return;
        }
        const all = await readAllPages(store(), e, h!, () => undefined);
        expect(all.items.map((x) => JSON.stringify(x))).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('conversation pages of a long run: any window read from its pages equals that window of the history', async () => {
    const input = Buffer.from(generateLargeRun(3_000, 21).join('\n') + '\n');
    const { execution: e } = await ingestStream(store(), once(input), {
      executor: 'claude-code',
      kind: 'coding-agent',
    });
    const expected = await fromHistory(store(), e);
    const h = (await readPagesHeader(store(), e))!;
    expect(h.total).toBe(expected.length);
    expect(h.starts.length).toBeGreaterThan(2);
    await fc.assert(
      fc.asyncProperty(fc.nat(expected.length), fc.nat(250), async (end, n) => {
        const start = Math.max(0, end - n);
        expect(await windowFromPages(store(), e, start, end)).toEqual(expected.slice(start, end));
      }),
      { numRuns: 60 },
    );
  });
}
