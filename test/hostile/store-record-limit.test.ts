// Issue 9, point 16: a row id is execution × 2^24 + record. Record 2^24 must never be written (it would
// replace record 0 of the next execution), and a run that reaches the limit must keep working.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../src/pipeline/batch-writer.js';
import { encodeLines } from '../../src/records/record-codec.js';
import { RecordKind } from '../../src/records/types.js';
import { expandRecords } from '../../src/replay/expand.js';
import { readRecords } from '../../src/replay/read-history.js';
import { RECORD_SPAN, SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-limit-');
afterAll(() => tmp.cleanup());

const line = (s: number, t = `line ${s}`) => encodeLines([{ s, a: s, t }]);

async function twoExecutions(file: string) {
  const store = new SqliteStore(join(tmp.dir, file));
  const a = await store.createExecution({ executor: 'plain', kind: 'dev-server' });
  const b = await store.createExecution({ executor: 'plain', kind: 'dev-server' });
  await store.writeBatch({
    puts: [
      {
        execNum: b.num,
        recordNo: 0,
        kind: RecordKind.Lines,
        seqFirst: 0,
        seqLast: 0,
        body: line(0, 'first line of B'),
      },
    ],
    dels: [],
    updates: [],
  });
  const bLines = async () => expandRecords(await readRecords(store, b)).map((e) => e.text);
  return { store, a, b, bLines };
}

describe('record numbers past 2^24', () => {
  it('the store refuses record 2^24 loudly instead of replacing the next execution’s record 0', async () => {
    const { store, a, bLines } = await twoExecutions('refuse.db');
    try {
      const put = {
        execNum: a.num,
        recordNo: RECORD_SPAN,
        kind: RecordKind.Lines,
        seqFirst: 0,
        seqLast: 0,
        body: line(0, 'overflow'),
      };
      await expect(store.writeBatch({ puts: [put], dels: [], updates: [] })).rejects.toThrow(
        /outside \[0, 2\^24\)/,
      );
      await expect(
        store.writeBatch({ puts: [{ ...put, recordNo: -1 }], dels: [], updates: [] }),
      ).rejects.toThrow(/outside/);
      expect(await bLines()).toEqual(['first line of B']);
    } finally {
      await store.close();
    }
  });

  it('a live run that reaches the limit is renumbered in place and keeps every line, in order', async () => {
    const { store, a, bLines } = await twoExecutions('renumber.db');
    try {
      // A run that has been going for two days: its rows end 600 numbers below the limit.
      const first = RECORD_SPAN - 600;
      const earlier = Array.from({ length: 100 }, (_, i) => ({
        execNum: a.num,
        recordNo: first - 100 + i,
        kind: RecordKind.Lines,
        seqFirst: i,
        seqLast: i,
        body: line(i),
      }));
      await store.writeBatch({ puts: earlier, dels: [], updates: [] });
      const writer = new BatchWriter(store, { intervalMs: 5 });
      const sink = writer.sinkFor(a.num, { firstRecordNo: first });
      // The folder's own numbers go past 2^24 too; 2,000 more records, with open-block-like parts that
      // are deleted once their final record is written.
      let no = first;
      for (let s = 100; s < 2100; s++) {
        if (s % 10 === 0) {
          const part = no++;
          sink.put(part, RecordKind.Lines, s, s, line(s), false);
          sink.put(no++, RecordKind.Lines, s, s, line(s), true);
          sink.del([part]);
        } else sink.put(no++, RecordKind.Lines, s, s, line(s), true);
        if (s % 250 === 0) await writer.flush();
      }
      const open = no++;
      sink.put(open, RecordKind.Lines, 2100, 2100, line(2100), false); // a part still open at the end
      await writer.flush();
      expect(no).toBeGreaterThan(RECORD_SPAN);
      expect(await bLines()).toEqual(['first line of B']);
      const rows = await store.readRecords(a.num);
      expect(rows.every((r) => r.recordNo >= 0 && r.recordNo < RECORD_SPAN)).toBe(true);
      expect(rows.length).toBeLessThan(2200); // finals were packed into segments
      const got = expandRecords(await readRecords(store, a));
      expect(got.map((e) => e.seq)).toEqual(Array.from({ length: 2101 }, (_, i) => i));
      expect(got.every((e) => e.text === `line ${e.seq}`)).toBe(true);
      expect(writer.stats.renumberSteps).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
