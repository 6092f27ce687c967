// Instances sharing one PostgreSQL database: leases renewed by commits and a timer, recovery scoped to
// expired leases (a live instance's running executions are never taken), fencing of an expired instance.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { RecordKind } from '../../src/records/types.js';
import { PgStore } from '../../src/store/postgres/index.js';
import { describePostgres } from '../support/postgres.js';

const put = (execNum: number, recordNo: number) => ({
  puts: [
    {
      execNum,
      recordNo,
      kind: RecordKind.Lines,
      seqFirst: recordNo,
      seqLast: recordNo,
      body: `r${recordNo}`,
    },
  ],
  dels: [],
  updates: [],
});

describePostgres('instances and leases', (db) => {
  it('takes over only the executions of an instance whose lease expired, and fences that instance', async () => {
    const fenced: string[] = [];
    const a = await PgStore.open(db.url, {
      instance: { leaseMs: 800, renewMs: 0, onFenced: (m) => fenced.push(m) },
    });
    const b = await PgStore.open(db.url, { instance: {} });
    try {
      const ea = await a.createExecution({ executor: 'plain', kind: 'script' });
      const eb = await b.createExecution({ executor: 'plain', kind: 'script' });
      expect(await db.sql('SELECT owner FROM executions ORDER BY num')).toEqual([
        { owner: a.instanceId },
        { owner: b.instanceId },
      ]);
      // A restarting or reaping instance leaves live instances' runs alone.
      expect(await b.markRunningInterrupted('t1')).toEqual([]);
      // Commits renew A's lease: it outlives its 800 ms by writing.
      for (let i = 0; i < 6; i++) {
        await a.writeBatch(put(ea.num, i));
        await sleep(250);
      }
      expect(await b.markRunningInterrupted('t2')).toEqual([]);
      // A stops writing (as if stopped with SIGSTOP): its lease expires and B takes its execution, only it.
      await sleep(1000);
      expect((await b.markRunningInterrupted('t3')).map((e) => [e.id, e.status, e.endedAt])).toEqual([
        [ea.id, 'interrupted', 't3'],
      ]);
      expect((await b.getExecution(eb.id))!.status).toBe('running');
      // A writes nothing more, and says why.
      await expect(a.writeBatch(put(ea.num, 99))).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/lease .* expired/),
      });
      await expect(a.updateExecution(ea.id, { status: 'completed' })).rejects.toThrow(/lease .* expired/);
      await expect(a.createExecution({ executor: 'plain', kind: 'script' })).rejects.toThrow(
        /lease .* expired/,
      );
      expect((await b.readRecords(ea.num)).map((r) => r.recordNo)).toEqual([0, 1, 2, 3, 4, 5]);
      expect((await b.getExecution(ea.id))!.status).toBe('interrupted');
      expect(fenced).toHaveLength(1);
      expect(a.health()).toMatchObject({
        status: 'degraded',
        reason: expect.stringMatching(/lease expired/),
      });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('renews the lease on a timer while idle, and releases it on close', async () => {
    const a = await PgStore.open(db.url, { instance: { leaseMs: 600 } });
    const b = await PgStore.open(db.url);
    try {
      const e = await a.createExecution({ executor: 'plain', kind: 'script' });
      await sleep(1500);
      // (The first test's B closed with a run still `running`: taken here, as a crash's leftover.)
      expect((await b.markRunningInterrupted('t')).map((x) => x.id)).not.toContain(e.id);
      await a.writeBatch(put(e.num, 0));
      await a.close();
      expect(await db.sql('SELECT id FROM instances WHERE id = $1', [a.instanceId])).toEqual([]);
      // Closed without ending its run (a crash would leave it too): the next recovery takes it.
      expect((await b.markRunningInterrupted('t')).map((x) => x.id)).toEqual([e.id]);
    } finally {
      await b.close();
    }
  });
});
