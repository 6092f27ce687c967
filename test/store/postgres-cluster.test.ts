// Two `tokenfold serve` instances on one PostgreSQL database: a run of A followed from B and A alternately
// (≥ 20 reconnects with Last-Event-ID) and by a late subscriber on B, both byte-exact against the stored
// raw; stop and delete sent to B reach A; B's feed shows A's runs; internal endpoints need the secret.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../support/sse-client.js';
import { waitFor } from '../support/server-harness.js';
import { describePostgres } from '../support/postgres.js';
import {
  eventBytes,
  getJson,
  serveInstance,
  startDemoRuns,
  storedRaw,
  type Instance,
} from '../support/pg-instances.js';

const SECRET = 'a-cluster-secret-for-tests-0123456789';

describePostgres('two instances on one PostgreSQL', (db) => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    // About 800 lines over 10 s: long enough for many reconnects while it runs.
    const o = { demoSpeed: 8, env: { TOKENFOLD_DEMO_DELTAS: '400', TOKENFOLD_CLUSTER_SECRET: SECRET } };
    a = await serveInstance(db.url, { ...o, extra: ['--log-level', 'debug'] });
    b = await serveInstance(db.url, o);
  });
  const status = async (id: string) =>
    (await getJson<{ status: string }>(`${b.url}/api/executions/${id}`)).status;
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('a run of A followed from B and A alternately with Last-Event-ID, and by a late subscriber on B, is exact', async () => {
    const [id] = await startDemoRuns(a.url, 1);
    const runStatus = () => status(id!);
    const late = (async () => {
      await waitFor(
        async () => (await getJson<{ lines: number }>(`${a.url}/api/executions/${id}`)).lines > 150,
        20_000,
        'A to flush lines',
      );
      return readSse(`${b.url}/api/executions/${id}/stream?format=raw`);
    })();
    const got: SseEvent[] = [];
    let finished: SseEvent | null = null;
    let last = -1;
    let liveReconnects = 0;
    for (let i = 0; finished === null && i < 500; i++) {
      const on = i % 2 === 0 ? b.url : a.url;
      const r = await readSse(`${on}/api/executions/${id}/stream?format=raw`, {
        headers: last >= 0 ? { 'last-event-id': String(last) } : {},
        abortAfter: 12,
      });
      for (const e of r.events)
        if (e.event === 'finished') finished = e;
        else if (e.id !== null) {
          got.push(e);
          last = Number(e.id);
        }
      if (finished === null && (await runStatus()) === 'running') liveReconnects++;
    }
    expect(liveReconnects).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(finished!.data)).toMatchObject({ status: 'completed' });
    // No gap, no duplicate: ids are the seqs 0, 1, 2, … (the raw view has every line).
    expect(got.every((e, i) => Number(e.id) === i)).toBe(true);
    const raw = await storedRaw(b.url, id!);
    expect(eventBytes(got).equals(raw)).toBe(true);
    // Followed on B from A, the owner, over internal HTTP.
    expect(a.stderr()).toContain(`/internal/executions/${id}/stream`);
    const lateEvents = (await late).events;
    expect(lateEvents.at(-1)!.event).toBe('finished');
    expect(eventBytes(lateEvents).equals(raw)).toBe(true);
  }, 60_000);

  it('an owner that does not answer: its run is followed from the store, then forwarded again once it answers, exact', async () => {
    const [id] = await startDemoRuns(a.url, 1);
    const [{ address }] = await db.sql<{ address: string }>(
      'SELECT i.address FROM instances i JOIN executions e ON e.owner = i.id WHERE e.id = $1',
      [id],
    );
    await db.sql('UPDATE instances SET address = $1 WHERE address = $2', ['http://127.0.0.1:9', address]);
    const events: SseEvent[] = [];
    const viewer = readSse(`${b.url}/api/executions/${id}/stream?format=raw`, {
      onEvent: (e) => events.push(e),
    });
    await waitFor(async () => events.length > 20, 10_000, 'lines from the store');
    expect(a.stderr()).not.toContain(`/internal/executions/${id}/stream`);
    await db.sql('UPDATE instances SET address = $1 WHERE address = $2', [address, 'http://127.0.0.1:9']);
    await waitFor(
      async () => a.stderr().includes(`/internal/executions/${id}/stream`),
      10_000,
      'forwarding again',
    );
    expect(await status(id!)).toBe('running');
    const got = (await viewer).events;
    expect(got.at(-1)!.event).toBe('finished');
    const lines = got.filter((e) => e.id !== null);
    expect(lines.every((e, i) => Number(e.id) === i)).toBe(true);
    expect(eventBytes(lines).equals(await storedRaw(b.url, id!))).toBe(true);
  }, 60_000);

  it("stop sent to B stops A's run; B's feed and B's viewers see it end", async () => {
    const feed: SseEvent[] = [];
    const feedDone = readSse(`${b.url}/api/events`, {
      onEvent: (e) => feed.push(e),
      abortAfter: 1_000_000,
    }).catch(() => null);
    const [id] = await startDemoRuns(a.url, 1);
    await waitFor(
      async () => (await getJson<{ lines: number }>(`${a.url}/api/executions/${id}`)).lines > 20,
      20_000,
      'lines',
    );
    const viewer = readSse(`${b.url}/api/executions/${id}/stream?format=deltas`);
    const pgid = (await getJson<{ pgid: number }>(`${b.url}/api/executions/${id}`)).pgid;
    const res = await fetch(`${b.url}/api/executions/${id}/stop`, { method: 'POST' });
    expect(res.status).toBe(202);
    const seen = (await viewer).events;
    expect(seen.at(-1)).toMatchObject({ event: 'finished' });
    expect(JSON.parse(seen.at(-1)!.data).status).toBe('killed');
    expect(
      seen
        .filter((e) => e.id !== null)
        .every((e, i, all) => i === 0 || Number(e.id) > Number(all[i - 1]!.id)),
    ).toBe(true);
    expect(() => process.kill(-pgid, 0)).toThrow();
    await waitFor(
      async () =>
        feed.some(
          (e) =>
            e.event === 'status' && JSON.parse(e.data).id === id && JSON.parse(e.data).status === 'killed',
        ),
      5000,
      "B's feed to show A's run killed",
    );
    expect(feed.some((e) => e.event === 'created' && JSON.parse(e.data).id === id)).toBe(true);
    // Deleted through B: A deletes it (the row and its lines go).
    const del = await fetch(`${b.url}/api/executions/${id}?force=1`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await fetch(`${a.url}/api/executions/${id}`)).status).toBe(404);
    await waitFor(
      async () => feed.some((e) => e.event === 'deleted' && JSON.parse(e.data).id === id),
      5000,
      "B's feed to show the delete",
    );
    void feedDone;
  }, 60_000);

  it('internal endpoints answer only with the cluster secret, which is never logged', async () => {
    const [id] = await startDemoRuns(a.url, 1);
    const stream = `${a.url}/internal/executions/${id}/stream`;
    expect((await fetch(stream)).status).toBe(401);
    // An encoded path does not reach an internal route around the check.
    expect((await fetch(`${a.url}/%69nternal/executions/${id}/stream`)).status).not.toBe(200);
    expect(
      (await fetch(stream, { headers: { 'x-tokenfold-cluster-secret': 'wrong-secret-wrong-secret' } }))
        .status,
    ).toBe(401);
    const stop = await fetch(`${a.url}/internal/executions/${id}/stop`, {
      method: 'POST',
      headers: { 'x-tokenfold-cluster-secret': SECRET },
    });
    expect(stop.status).toBe(202);
    await waitFor(
      async () => (await getJson<{ status: string }>(`${a.url}/api/executions/${id}`)).status !== 'running',
      10_000,
      'the stop',
    );
    // A logs every request (debug), B's forwarded ones included: never the secret.
    expect(a.stderr()).toContain('/internal/executions/');
    expect(a.stderr()).not.toContain(SECRET);
  }, 30_000);

  it('refuses to serve PostgreSQL off loopback without a cluster secret', async () => {
    const env = { TOKENFOLD_CLUSTER_SECRET: '' };
    delete process.env.TOKENFOLD_CLUSTER_SECRET;
    await expect(serveInstance(db.url, { extra: ['--host', '0.0.0.0'] })).rejects.toThrow(
      /--cluster-secret: is required to serve a PostgreSQL database on a non-loopback address/,
    );
    await expect(serveInstance(db.url, { env })).rejects.toThrow(
      /TOKENFOLD_CLUSTER_SECRET: must be at least 16/,
    );
  });
});
