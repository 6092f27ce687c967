// A group commit in one statement (src/store/postgres/batch-statement.ts): the same outcome as puts, then
// deletes, then updates in a transaction, and a batch too big for one statement still written whole.
import { expect, it } from 'vitest';
import { RecordKind } from '../../src/records/types.js';
import type { RecordPut } from '../../src/store/contract.js';
import { PgStore } from '../../src/store/postgres/index.js';
import { describePostgres } from '../support/postgres.js';

const rec = (execNum: number, recordNo: number, body: string | Buffer = `r${recordNo}`): RecordPut => ({
  execNum,
  recordNo,
  kind: RecordKind.Lines,
  seqFirst: recordNo,
  seqLast: recordNo,
  body,
});

describePostgres('PostgreSQL group commit', (db) => {
  it('writes puts, then deletes, then updates: a key put and deleted in one batch is gone, patches merge', async () => {
    const s = await PgStore.open(db.url, { instance: {} });
    try {
      const e = await s.createExecution({ executor: 'plain', kind: 'script' });
      const f = await s.createExecution({ executor: 'plain', kind: 'script' });
      await s.writeBatch({ puts: [rec(e.num, 0), rec(e.num, 1)], dels: [], updates: [] });
      await s.writeBatch({
        puts: [rec(e.num, 2), rec(e.num, 3, Buffer.from([0, 255, 1])), rec(e.num, 2, 'again'), rec(f.num, 0)],
        dels: [
          { execNum: e.num, recordNos: [0, 3] },
          { execNum: f.num, recordNos: [] },
        ],
        updates: [
          { id: e.id, patch: { lines: 5, status: 'running' } },
          { id: f.id, patch: { label: 'f' } },
          { id: e.id, patch: { status: 'completed', exitCode: 0, lines: undefined } },
        ],
      });
      expect((await s.readRecords(e.num)).map((r) => [r.recordNo, r.body])).toEqual([
        [1, 'r1'],
        [2, 'again'],
      ]);
      expect((await s.readRecords(f.num)).map((r) => r.body)).toEqual(['r0']);
      expect(await s.getExecution(e.id)).toMatchObject({ lines: 5, status: 'completed', exitCode: 0 });
      expect(await s.getExecution(f.id)).toMatchObject({ label: 'f', status: 'running' });
    } finally {
      await s.close();
    }
  });

  it('writes a batch too big for one statement (over 60,000 parameters) in one transaction all the same', async () => {
    const s = await PgStore.open(db.url, { instance: {} });
    try {
      const e = await s.createExecution({ executor: 'plain', kind: 'script' });
      const puts = Array.from({ length: 9000 }, (_, i) => rec(e.num, i));
      await s.writeBatch({ puts, dels: [{ execNum: e.num, recordNos: [5] }], updates: [] });
      const back = await s.readRecords(e.num);
      expect(back).toHaveLength(8999);
      expect(back.some((r) => r.recordNo === 5)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
