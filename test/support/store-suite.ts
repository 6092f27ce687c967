// The storage contract's conformance suite: every backend runs it (`runStoreSuite({ name, create })`),
// so SQLite and PostgreSQL answer every call the same way. Pipeline round trips: store-suite-pipeline.ts.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeLines } from '../../src/records/record-codec.js';
import { RecordKind, type StoredRecord } from '../../src/records/types.js';
import { readEntries } from '../../src/replay/read-history.js';
import { compactExecution, packSegmentStream } from '../../src/store/compact.js';
import type { LogStore, RecordPut } from '../../src/store/contract.js';
import type { Execution } from '../../src/store/types.js';
import { runDerivedSuite, runPagesSuite } from './store-suite-derived.js';
import { runPipelineSuite } from './store-suite-pipeline.js';

export interface StoreFactory {
  /** Backend name, in test titles. */
  name: string;
  /** A new, empty store. */
  create(): Promise<LogStore>;
  /** The same storage opened again (after `store` was closed). */
  reopen(store: LogStore): Promise<LogStore>;
}

const put = (
  e: Pick<Execution, 'num'>,
  recordNo: number,
  body: string | Buffer = `body ${recordNo}`,
  kind: RecordKind = RecordKind.Lines,
): RecordPut => ({
  execNum: e.num,
  recordNo,
  kind,
  seqFirst: recordNo * 10,
  seqLast: recordNo * 10 + 9,
  body,
});
const nos = (rs: StoredRecord[]) => rs.map((r) => r.recordNo);
const batch = (b: {
  puts?: RecordPut[];
  dels?: { execNum: number; recordNos: number[] }[];
  updates?: { id: string; patch: object }[];
}) => ({ puts: b.puts ?? [], dels: b.dels ?? [], updates: b.updates ?? [] });

export function runStoreSuite(f: StoreFactory): void {
  describe(`storage contract: ${f.name}`, () => {
    let store: LogStore;
    let open = true;
    beforeEach(async () => {
      store = await f.create();
      open = true;
    });
    afterEach(async () => {
      if (open) await store.close();
    });
    const plain = (o: object = {}) => store.createExecution({ executor: 'plain', kind: 'script', ...o });

    it('creates executions with defaults and given fields, gets them back, refuses a duplicate id', async () => {
      const a = await plain();
      expect(a).toMatchObject({
        executor: 'plain',
        kind: 'script',
        status: 'running',
        label: null,
        lines: 0,
        compacted: false,
        unfoldedReasons: {},
        pgid: null,
        exitCode: null,
        endedAt: null,
      });
      expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.startedAt).toBe(a.createdAt);
      const b = await store.createExecution({
        id: 'fixed-id',
        executor: 'claude-code',
        kind: 'coding-agent',
        label: 'L',
        status: 'completed',
        command: 'c',
        prompt: 'p é\u2028😀',
        cwd: '/w',
        createdAt: '2020-01-01T00:00:00.000Z',
        startedAt: '2020-01-01T00:00:01.000Z',
      });
      expect(b.num).toBeGreaterThan(a.num);
      expect(await store.getExecution('fixed-id')).toEqual(b);
      expect(b).toMatchObject({
        label: 'L',
        status: 'completed',
        command: 'c',
        prompt: 'p é\u2028😀',
        cwd: '/w',
        createdAt: '2020-01-01T00:00:00.000Z',
        startedAt: '2020-01-01T00:00:01.000Z',
      });
      await expect(
        store.createExecution({ id: 'fixed-id', executor: 'plain', kind: 'script' }),
      ).rejects.toMatchObject({ code: 'conflict', message: 'execution fixed-id already exists' });
      expect(await store.getExecution('nope')).toBeNull();
    });

    it('updates every patchable field; null clears one; an unknown id is a no-op', async () => {
      const a = await plain();
      const patch = {
        status: 'failed',
        exitCode: 3,
        signal: 'SIGTERM',
        startedAt: 's',
        endedAt: 'e',
        lines: 2 ** 40,
        deltasFolded: 7,
        duplicatesDropped: 1,
        deltasUnfolded: 2,
        unfoldedReasons: { 'new-field': 2 },
        bytesIn: 5e9,
        compacted: true,
        label: 'x',
        pgid: 1234,
        pgidStart: 'boot:1',
      } as const;
      await store.updateExecution(a.id, patch);
      expect(await store.getExecution(a.id)).toEqual({ ...a, ...patch });
      await store.updateExecution(a.id, { pgid: null, pgidStart: null, label: null });
      expect(await store.getExecution(a.id)).toMatchObject({
        pgid: null,
        pgidStart: null,
        label: null,
        exitCode: 3,
      });
      await store.updateExecution(a.id, {});
      await store.updateExecution('unknown', { status: 'failed' });
    });

    it('lists newest first with filters, a clamped limit and pages that cover everything once', async () => {
      const made: Execution[] = [];
      for (let i = 0; i < 7; i++)
        made.push(
          await store.createExecution({
            executor: 'plain',
            kind: i % 2 ? 'dev-server' : 'script',
            status: i % 3 === 0 ? 'completed' : 'running',
          }),
        );
      await store.updateExecution(made[1]!.id, { compacted: true });
      expect((await store.listExecutions()).map((e) => e.num)).toEqual(made.map((e) => e.num).reverse());
      expect((await store.listExecutions({ status: 'completed' })).map((e) => e.num)).toEqual([
        made[6]!.num,
        made[3]!.num,
        made[0]!.num,
      ]);
      expect(
        (await store.listExecutions({ kind: 'dev-server', status: 'running' })).map((e) => e.num),
      ).toEqual([made[5]!.num, made[1]!.num]);
      expect((await store.listExecutions({ compacted: true })).map((e) => e.id)).toEqual([made[1]!.id]);
      expect(await store.listExecutions({ compacted: false })).toHaveLength(6);
      expect(await store.listExecutions({ limit: 0 })).toHaveLength(1);
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await store.listExecutions({ limit: 3, ...(before !== undefined ? { before } : {}) });
        seen.push(...page.map((e) => e.num));
        if (page.length < 3) break;
        before = page[page.length - 1]!.num;
      }
      expect(seen).toEqual(made.map((e) => e.num).reverse());
      expect(await store.countByStatus()).toEqual({
        running: 4,
        completed: 3,
        failed: 0,
        killed: 0,
        interrupted: 0,
      });
    });

    it('writes a batch across executions atomically: puts (last wins), then deletes, then updates', async () => {
      const a = await plain();
      const b = await plain();
      await store.writeBatch(
        batch({
          puts: [
            put(a, 2),
            put(a, 0),
            put(b, 0, Buffer.from([0, 255, 1]), RecordKind.DeflateSegment),
            put(a, 1),
            put(a, 1, 'second'),
          ],
          updates: [{ id: a.id, patch: { lines: 3 } }],
        }),
      );
      const rows = await store.readRecords(a.num);
      expect(nos(rows)).toEqual([0, 1, 2]);
      expect(rows[1]).toEqual({
        recordNo: 1,
        kind: RecordKind.Lines,
        seqFirst: 10,
        seqLast: 19,
        body: 'second',
      });
      expect(await store.readRecords(b.num)).toEqual([
        {
          recordNo: 0,
          kind: RecordKind.DeflateSegment,
          seqFirst: 0,
          seqLast: 9,
          body: Buffer.from([0, 255, 1]),
        },
      ]);
      expect((await store.getExecution(a.id))!.lines).toBe(3);
      await store.writeBatch(
        batch({
          puts: [put(a, 3)],
          dels: [
            { execNum: a.num, recordNos: [0, 3, 99] },
            { execNum: b.num, recordNos: [] },
          ],
        }),
      );
      expect(nos(await store.readRecords(a.num))).toEqual([1, 2]);
      // A record number past the limit fails the whole batch: nothing of it is written.
      const limit = store.capabilities.recordLimit;
      await expect(
        store.writeBatch(
          batch({
            puts: [put(b, 5), put(b, limit)],
            dels: [{ execNum: a.num, recordNos: [1] }],
            updates: [{ id: a.id, patch: { lines: 9 } }],
          }),
        ),
      ).rejects.toThrow(/record number/);
      await expect(store.writeBatch(batch({ puts: [put(b, -1)] }))).rejects.toThrow(/record number/);
      expect(nos(await store.readRecords(b.num))).toEqual([0]);
      expect(nos(await store.readRecords(a.num))).toEqual([1, 2]);
      expect((await store.getExecution(a.id))!.lines).toBe(3);
      await store.writeBatch(batch({ puts: [put(b, limit - 1)] }));
      expect(nos(await store.readRecords(b.num))).toEqual([0, limit - 1]);
    });

    it('keeps bodies exactly: strings as strings (NUL, non-ASCII, empty), bytes as bytes', async () => {
      const a = await plain();
      const bodies: (string | Buffer)[] = [
        '',
        'a\u0000b',
        'é😀\u2028',
        '{"k":"l"}\n' + 'x'.repeat(100_000),
        Buffer.alloc(0),
        Buffer.from([0, 0x5c, 0x78, 255]),
        Buffer.alloc(3_000_000, 7),
      ];
      await store.writeBatch(
        batch({
          puts: bodies.map((body, i) =>
            put(a, i, body, typeof body === 'string' ? RecordKind.Lines : RecordKind.DeflateSegment),
          ),
        }),
      );
      const got = (await store.readRecords(a.num)).map((r) => r.body);
      expect(got).toHaveLength(bodies.length);
      // Compared whole (a deep equality of 3 MB takes seconds).
      got.forEach((b, i) =>
        expect(
          typeof b === 'string'
            ? b === bodies[i]
            : Buffer.isBuffer(bodies[i]) && b.equals(bodies[i] as Buffer),
          `body ${i}`,
        ).toBe(true),
      );
    });

    it('reads records in record order, only the execution’s, and ranges [from, to) with a limit', async () => {
      const [a, b, c] = [await plain(), await plain(), await plain()];
      await store.writeBatch(
        batch({ puts: [put(c, 0), ...[9, 3, 5, 0, 7].map((n) => put(b, n)), put(a, 1)] }),
      );
      expect(nos(await store.readRecords(b.num))).toEqual([0, 3, 5, 7, 9]);
      expect(nos(await store.readRecordRange(b.num, 3, 9, 10))).toEqual([3, 5, 7]);
      expect(nos(await store.readRecordRange(b.num, 1, 100, 2))).toEqual([3, 5]);
      expect(nos(await store.readRecordRange(b.num, -5, store.capabilities.recordLimit + 5, 100))).toEqual([
        0, 3, 5, 7, 9,
      ]);
      expect(await store.readRecordRange(b.num, 10, 20, 5)).toEqual([]);
      expect(await store.readRecords(c.num + 1000)).toEqual([]);
    });

    it('replaces all rows of an execution with a patch in one step; deletes an execution and its rows', async () => {
      const [a, b] = [await plain(), await plain()];
      await store.writeBatch(batch({ puts: [put(a, 0), put(a, 1), put(a, 2), put(b, 0)] }));
      const seg = {
        recordNo: 0,
        kind: RecordKind.DeflateSegment,
        seqFirst: 0,
        seqLast: 29,
        body: Buffer.from('seg'),
      };
      await store.replaceRecords(a.num, [seg, { ...seg, recordNo: 1, body: 'lines' }], {
        id: a.id,
        compacted: true,
        status: 'completed',
      });
      expect(await store.readRecords(a.num)).toEqual([seg, { ...seg, recordNo: 1, body: 'lines' }]);
      expect(await store.getExecution(a.id)).toMatchObject({ compacted: true, status: 'completed' });
      await expect(
        store.replaceRecords(a.num, [{ ...seg, recordNo: store.capabilities.recordLimit }], { id: a.id }),
      ).rejects.toThrow(/record number/);
      expect(await store.readRecords(a.num)).toHaveLength(2);
      await store.replaceRecords(a.num, [], { id: a.id });
      expect(await store.readRecords(a.num)).toEqual([]);
      expect(await store.deleteExecution(b.id)).toBe(true);
      expect(await store.deleteExecution(b.id)).toBe(false);
      expect(await store.getExecution(b.id)).toBeNull();
      expect(await store.readRecords(b.num)).toEqual([]);
      expect(await store.getExecution(a.id)).not.toBeNull();
      // A compaction finishing after a delete writes nothing back.
      await store.replaceRecords(b.num, [seg], { id: b.id, compacted: true });
      expect(await store.readRecords(b.num)).toEqual([]);
      expect(await store.getExecution(b.id)).toBeNull();
      // Space freed by deletes: given back in short steps until none is left (at once where the server does it).
      let left = await store.reclaimSpace(64);
      for (let i = 0; left > 0 && i < 1000; i++) left = await store.reclaimSpace(64);
      expect(left).toBe(0);
    });

    it('replaces thousands of rows so that a reader meanwhile sees every line once; a delete meanwhile leaves the number alone', async () => {
      const ROWS = 6000;
      const lines = (from: number, n: number) =>
        encodeLines(Array.from({ length: n }, (_, i) => ({ s: from + i, a: 0, t: `line ${from + i}` })));
      const fill = async (e: Execution) =>
        store.writeBatch(
          batch({
            puts: Array.from({ length: ROWS }, (_, i) => ({
              ...put(e, i, lines(i * 2, 2)),
              seqFirst: i * 2,
              seqLast: i * 2 + 1,
            })),
          }),
        );
      const seqs = async (e: Execution) =>
        (await readEntries(store, e, { repeats: true })).map((x) => x.seq).join(',');
      const all = Array.from({ length: ROWS * 2 }, (_, i) => i).join(',');
      const a = await plain();
      await fill(a);
      const third = (k: number) => ({
        recordNo: k,
        kind: RecordKind.Lines,
        seqFirst: k * 4000,
        seqLast: k * 4000 + 3999,
        body: lines(k * 4000, 4000),
      });
      let replaced = false;
      const replacing = store
        .replaceRecords(a.num, [third(0), third(1), third(2)], { id: a.id, compacted: true })
        .then(() => (replaced = true));
      let reads = 0;
      while (!replaced) {
        expect(await seqs(a)).toBe(all);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
      await replacing;
      expect(reads).toBeGreaterThan(0);
      expect(nos(await store.readRecords(a.num))).toEqual([0, 1, 2]);
      expect(await seqs(a)).toBe(all);
      expect((await store.getExecution(a.id))!.compacted).toBe(true);
      // Deleted while its replacement runs, the number reused by a new execution: that one's rows stay.
      const b = await plain();
      await fill(b);
      const late = store.replaceRecords(b.num, [third(0)], { id: b.id, compacted: true });
      await store.deleteExecution(b.id);
      const c = await plain();
      await store.writeBatch(batch({ puts: [put(c, 0), put(c, 1)] }));
      await late;
      expect(nos(await store.readRecords(c.num))).toEqual([0, 1]);
      expect(await store.getExecution(b.id)).toBeNull();
    }, 60_000);

    it('compacts output that does not compress, its segments written as they are made: a reader meanwhile sees every line once, a failure midway leaves the rows as they were', async () => {
      // 48 rows of 100 random lines (~10 MB, ~8 MB compressed): more than a replacement holds before writing.
      const ROWS = 48;
      const texts = Array.from({ length: ROWS * 100 }, () => randomBytes(1500).toString('base64'));
      const fill = async (e: Execution) =>
        store.writeBatch(
          batch({
            puts: Array.from({ length: ROWS }, (_, i) => ({
              ...put(
                e,
                i,
                encodeLines(texts.slice(i * 100, i * 100 + 100).map((t, k) => ({ s: i * 100 + k, a: 0, t }))),
              ),
              seqFirst: i * 100,
              seqLast: i * 100 + 99,
            })),
          }),
        );
      const read = async (e: Execution) =>
        (await readEntries(store, e, { repeats: true })).map((x) => x.text);
      const a = await plain();
      await fill(a);
      let done = false;
      const compacting = compactExecution(store, a, undefined, { status: 'completed' }).then((r) => {
        done = true;
        return r;
      });
      for (let reads = 0; !done && reads < 5; reads++) expect(await read(a)).toEqual(texts);
      const result = await compacting;
      expect(result).toMatchObject({ rowsBefore: ROWS });
      expect(result.bytesAfter).toBeGreaterThan(6 * 1024 * 1024);
      expect(nos(await store.readRecords(a.num))).toEqual(
        Array.from({ length: result.rowsAfter }, (_, i) => i),
      );
      expect(await read(a)).toEqual(texts);
      expect(await store.getExecution(a.id)).toMatchObject({ compacted: true, status: 'completed' });
      // A replacement that fails after megabytes of segments: nothing of it stays.
      const b = await plain();
      await fill(b);
      const before = await store.readRecords(b.num);
      async function* failing() {
        let bytes = 0;
        for await (const seg of packSegmentStream(await store.readRecords(b.num))) {
          yield seg;
          if ((bytes += seg.body.length) > 6 * 1024 * 1024) throw new Error('disk full');
        }
      }
      await expect(store.replaceRecords(b.num, failing(), { id: b.id, compacted: true })).rejects.toThrow(
        'disk full',
      );
      expect(await store.readRecords(b.num)).toEqual(before);
      expect((await store.getExecution(b.id))!.compacted).toBe(false);
      // Rows given by the caller (`import`), none stored: megabytes of segments into an empty execution.
      const c = await plain();
      const given = await store.readRecords(a.num);
      const imported = await compactExecution(store, c, given, { status: 'completed' });
      expect(imported.rowsAfter).toBe(given.length);
      expect(await read(c)).toEqual(texts);
    }, 60_000);

    it('links follow-ups to the execution they resume, and lists them', async () => {
      const a = await plain();
      const b = await plain({ resumedFrom: a.id });
      const c = await plain({ resumedFrom: a.id });
      expect([a.resumedFrom, b.resumedFrom]).toEqual([null, a.id]);
      expect((await store.listExecutions({ resumedFrom: a.id })).map((e) => e.id)).toEqual([c.id, b.id]);
      expect(await store.listExecutions({ resumedFrom: c.id })).toEqual([]);
    });

    it('marks only running executions interrupted, once, and returns them', async () => {
      const [a, b, c] = [await plain(), await plain({ status: 'completed' }), await plain()];
      const got = await store.markRunningInterrupted('2030-01-01T00:00:00.000Z');
      expect(got.map((e) => [e.id, e.status, e.endedAt])).toEqual(
        [a, c].map((e) => [e.id, 'interrupted', '2030-01-01T00:00:00.000Z']),
      );
      expect((await store.getExecution(a.id))!.status).toBe('interrupted');
      expect((await store.getExecution(b.id))!).toMatchObject({ status: 'completed', endedAt: null });
      expect(await store.markRunningInterrupted('later')).toEqual([]);
    });

    it('reports storage and fold figures, and a size', async () => {
      const [a, b] = [await plain(), await plain()];
      expect(await store.storageFigures()).toEqual({ rows: 0, bytes: 0, derivedBytes: 0 });
      await store.writeBatch(
        batch({ puts: [put(a, 0, 'abc'), put(a, 1, Buffer.alloc(1000)), put(b, 0, 'hello')] }),
      );
      expect(await store.storageFigures()).toEqual({ rows: 3, bytes: 1008, derivedBytes: 0 });
      expect(await store.storageFigures(a.num)).toEqual({ rows: 2, bytes: 1003, derivedBytes: 0 });
      expect(await store.storageFigures(b.num + 10)).toEqual({ rows: 0, bytes: 0, derivedBytes: 0 });
      // Figures follow every write at once (a backend may remember them between writes).
      await store.writeBatch(batch({ puts: [put(a, 2, 'de')] }));
      expect(await store.storageFigures(a.num)).toEqual({ rows: 3, bytes: 1005, derivedBytes: 0 });
      await store.writeBatch(batch({ dels: [{ execNum: a.num, recordNos: [2] }] }));
      expect(await store.storageFigures(a.num)).toEqual({ rows: 2, bytes: 1003, derivedBytes: 0 });
      await store.updateExecution(a.id, { deltasFolded: 10, deltasUnfolded: 2, unfoldedReasons: { r1: 2 } });
      await store.updateExecution(b.id, {
        deltasFolded: 5,
        deltasUnfolded: 3,
        unfoldedReasons: { r1: 1, r2: 2 },
      });
      expect(await store.foldFigures()).toEqual({
        deltasFolded: 15,
        deltasUnfolded: 5,
        unfoldedReasons: { r1: 3, r2: 2 },
      });
      expect(await store.sizeBytes()).toBeGreaterThan(1008);
      expect(store.health()).toEqual({ status: 'ok' });
      expect(store.location).not.toMatch(/:[^/@:]+@/); // no password
    });

    it('sees writes in call order, even when not awaited one by one', async () => {
      const a = await plain();
      const writes = Array.from({ length: 50 }, (_, i) =>
        store.writeBatch(
          batch({ puts: [put(a, i % 5, `v${i}`)], updates: [{ id: a.id, patch: { lines: i } }] }),
        ),
      );
      const read = store.readRecords(a.num);
      const got = await store.getExecution(a.id);
      await Promise.all(writes);
      expect(got!.lines).toBe(49);
      expect((await read).map((r) => r.body)).toEqual(['v45', 'v46', 'v47', 'v48', 'v49']);
    });

    it('keeps everything across close and reopen', async () => {
      const a = await plain();
      await store.writeBatch(
        batch({
          puts: [put(a, 0, Buffer.from('kept'))],
          updates: [{ id: a.id, patch: { status: 'completed' } }],
        }),
      );
      await store.close();
      open = false;
      store = await f.reopen(store);
      open = true;
      expect(await store.getExecution(a.id)).toMatchObject({ status: 'completed', num: a.num });
      expect((await store.readRecords(a.num))[0]!.body).toEqual(Buffer.from('kept'));
      const b = await plain();
      expect(b.num).toBeGreaterThan(a.num);
    });

    runDerivedSuite(() => store);
    runPagesSuite(() => store);
    runPipelineSuite(() => store);
  });
}
