// `tokenfold serve --db postgres://…` as several instances on one database: a second instance leaves the
// first one's runs alone; after kill -9 the survivor's reaper marks them interrupted within the lease + 5 s,
// readable and compacted, and viewers on the survivor get `finished`; an instance stopped past its lease is
// fenced (no row after the reap, children stopped, exit 1); finished runs a dead owner left uncompacted are
// compacted by the reaper. (Following a run across instances: postgres-cluster.test.ts.)
import { expect, it } from 'vitest';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import { readSse, type SseEvent } from '../support/sse-client.js';
import { waitFor } from '../support/server-harness.js';
import { describePostgres } from '../support/postgres.js';
import {
  eventBytes,
  getJson as get,
  serveInstance as serve,
  startDemoRuns as startRuns,
  TEST_LEASE_MS,
} from '../support/pg-instances.js';

const rowsOf = async (db: { sql: <R>(t: string, v?: unknown[]) => Promise<R[]> }, ids: string[]) =>
  await db.sql<{ id: string; n: number }>(
    'SELECT e.id, count(r.*)::int AS n, max(r.record_no) AS last FROM executions e LEFT JOIN log_records r ON r.exec_num = e.num WHERE e.id = ANY($1) GROUP BY e.id ORDER BY e.id',
    [ids],
  );

describePostgres('serve on PostgreSQL, several instances', (db) => {
  it("a second instance leaves the first one's runs alone; after kill -9 it marks them interrupted within the lease + 5 s, readable", async () => {
    const a = await serve(db.url);
    const ids = await startRuns(a.url, 3);
    const seen = new Map<string, number>(ids.map((id) => [id, 0]));
    const streams = ids.map((id) =>
      readSse(`${a.url}/api/executions/${id}/stream?format=deltas`, {
        onEvent: (e) => e.event === 'line' && seen.set(id, Number(e.id) + 1),
      }).catch(() => null),
    );
    await waitFor(async () => [...seen.values()].every((n) => n > 100), 30_000, 'all three to stream');
    const b = await serve(db.url);
    try {
      const atStart = seen.get(ids[0]!)!;
      await waitFor(
        async () => seen.get(ids[0]!)! > atStart + 50,
        20_000,
        'A to keep streaming after B started',
      );
      for (const id of ids)
        expect((await get<{ status: string }>(`${b.url}/api/executions/${id}`)).status).toBe('running');
      // Viewers on B, forwarded from A until it dies, then served from the store: they get `finished`.
      const viewers = ids.map((id) => readSse(`${b.url}/api/executions/${id}/stream?format=deltas`));
      await waitFor(async () => [...seen.values()].every((n) => n > atStart + 80), 20_000, 'more lines');
      a.proc.kill('SIGKILL');
      await Promise.all(streams);
      const killedAt = Date.now();
      await waitFor(
        async () =>
          (
            await Promise.all(
              ids.map((id) => get<{ status: string; compacted: boolean }>(`${b.url}/api/executions/${id}`)),
            )
          ).every((e) => e.status === 'interrupted' && e.compacted),
        30_000,
        "B to reap A's runs",
      );
      expect(Date.now() - killedAt).toBeLessThan(TEST_LEASE_MS + 5000);
      for (const [i, id] of ids.entries()) {
        const events = (await viewers[i]!).events;
        expect(events.at(-1)).toMatchObject({ event: 'finished' });
        expect(JSON.parse(events.at(-1)!.data).status).toBe('interrupted');
        const lines = events.filter((e: SseEvent) => e.id !== null);
        expect(lines.every((e, n) => Number(e.id) === n)).toBe(true);
        const stored = await fetch(`${b.url}/api/executions/${id}/logs?format=deltas&download=1`);
        // Everything stored, in order; past it at most the lines A had shown but not flushed when it died.
        const want = Buffer.from(await stored.arrayBuffer());
        expect(eventBytes(lines).subarray(0, want.length).equals(want)).toBe(true);
        expect(
          lines.length - (await get<{ lines: number }>(`${b.url}/api/executions/${id}`)).lines,
        ).toBeLessThan(100);
      }
      for (const id of ids) {
        const e = await get<{ lines: number }>(`${b.url}/api/executions/${id}`);
        const logs = await get<{ items: { seq: number }[] }>(
          `${b.url}/api/executions/${id}/logs?format=deltas&limit=100000`,
        );
        expect(logs.items.length).toBe(e.lines);
        expect(logs.items.length).toBeGreaterThan(0);
        expect(logs.items.every((it, i) => it.seq === i)).toBe(true);
      }
    } finally {
      b.proc.kill('SIGTERM');
      await new Promise((r) => b.proc.once('exit', r));
    }
  }, 120_000);

  it('an instance stopped past its lease writes nothing after the reap, stops its children and exits', async () => {
    const a = await serve(db.url);
    const b = await serve(db.url);
    try {
      const ids = await startRuns(a.url, 2);
      await waitFor(async () => (await rowsOf(db, ids)).every((r) => r.n > 2), 30_000, 'rows from A');
      const pgids = (
        await db.sql<{ pgid: number }>('SELECT pgid FROM executions WHERE id = ANY($1)', [ids])
      ).map((r) => r.pgid);
      expect(pgids.every((p) => p > 0)).toBe(true);
      a.proc.kill('SIGSTOP');
      await waitFor(
        async () =>
          (
            await Promise.all(
              ids.map((id) => get<{ status: string; compacted: boolean }>(`${b.url}/api/executions/${id}`)),
            )
          ).every((e) => e.status === 'interrupted' && e.compacted),
        30_000,
        "B to reap A's runs",
      );
      const reaped = await rowsOf(db, ids);
      const exited = new Promise<number | null>((r) => a.proc.once('exit', (code) => r(code)));
      a.proc.kill('SIGCONT');
      expect(await exited).toBe(1);
      const alive = (pgid: number) => {
        try {
          process.kill(-pgid, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(pgids.filter(alive)).toEqual([]);
      expect(await rowsOf(db, ids)).toEqual(reaped);
      for (const id of ids)
        expect((await get<{ status: string }>(`${b.url}/api/executions/${id}`)).status).toBe('interrupted');
    } finally {
      a.proc.kill('SIGKILL');
      b.proc.kill('SIGTERM');
      await new Promise((r) => b.proc.once('exit', r));
    }
  }, 120_000);

  it("the reaper compacts a finished run its dead owner left uncompacted, and leaves a live owner's alone", async () => {
    const ingest = async (store: PgStore, text: string) => {
      const { execution } = await ingestStream(store, [Buffer.from(text)], {
        executor: 'plain',
        kind: 'dev-server',
      });
      await db.sql('UPDATE executions SET compacted = false WHERE id = $1', [execution.id]);
      return execution.id;
    };
    // Owners that ended between a run's end and its compaction: one gone (its row released), one live.
    const gone = await PgStore.open(db.url, { instance: {} });
    const live = await PgStore.open(db.url, { instance: {} });
    const b = await serve(db.url);
    try {
      const abandoned = await ingest(gone, 'one\ntwo\nthree\n');
      const kept = await ingest(live, 'four\n');
      await gone.close();
      await waitFor(
        async () => (await get<{ compacted: boolean }>(`${b.url}/api/executions/${abandoned}`)).compacted,
        10_000,
        'the sweep',
      );
      const logs = await get<{ items: { text: string }[] }>(
        `${b.url}/api/executions/${abandoned}/logs?format=deltas`,
      );
      expect(logs.items.map((x) => x.text)).toEqual(['one', 'two', 'three']);
      expect((await get<{ compacted: boolean }>(`${b.url}/api/executions/${kept}`)).compacted).toBe(false);
    } finally {
      await b.stop();
      await live.close();
    }
  }, 30_000);
});
