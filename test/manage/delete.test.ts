// DELETE /api/executions/:id on a real server and SQLite file: space given back, running runs, guards, feeds.
import { request } from 'node:http';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../src/demo/workload.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { readSse } from '../support/sse-client.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function ingestLines(lines: string[]) {
  async function* src() {
    yield Buffer.from(lines.join('\n') + '\n');
  }
  return (await ingestStream(h.store, src(), { executor: 'claude-code', kind: 'coding-agent' })).execution;
}

/** The main database file's size once the WAL is checked back into it. */
function fileBytes(): number {
  h.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(h.dbPath).size;
}

function rawStatus(method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.port, method, path, headers: { host: `127.0.0.1:${h.port}`, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('DELETE /api/executions/:id', () => {
  it('deletes a 25,000-delta run and the database file shrinks', async () => {
    const keep = await ingestLines(generateLargeRun(300, 7));
    const big = await ingestLines(generateLargeRun(25_000, 3));
    expect(big.deltasFolded).toBeGreaterThan(20_000);
    const stored = (await h.store.storageFigures(big.num)).bytes;
    const before = fileBytes();
    const r = await h.json(`/api/executions/${big.id}`, { method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ deleted: big.id, status: 'completed' });
    expect((await h.json(`/api/executions/${big.id}`)).status).toBe(404);
    expect((await h.json(`/api/executions/${big.id}/logs?format=raw`)).status).toBe(404);
    const after = fileBytes();
    // The rows' pages are given back: the file loses at least most of what the run stored.
    expect(before - after).toBeGreaterThan(stored * 0.8);
    expect(h.store.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect((await h.json(`/api/executions/${keep.id}`)).status).toBe(200);
    expect((await h.json(`/api/executions/${big.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a foreign Origin (and a cross-site fetch): nothing is deleted', async () => {
    const e = await ingestLines(generateLargeRun(50, 1));
    expect(await rawStatus('DELETE', `/api/executions/${e.id}`, { origin: 'https://evil.example' })).toBe(
      403,
    );
    expect(await rawStatus('DELETE', `/api/executions/${e.id}`, { origin: 'null' })).toBe(403);
    expect(await rawStatus('DELETE', `/api/executions/${e.id}`, { 'sec-fetch-site': 'cross-site' })).toBe(
      403,
    );
    expect(await rawStatus('DELETE', `/api/executions/${e.id}`, { host: `evil.example:${h.port}` })).toBe(
      403,
    );
    expect(await h.store.getExecution(e.id)).not.toBeNull();
    expect(
      await rawStatus('DELETE', `/api/executions/${e.id}`, { origin: `http://127.0.0.1:${h.port}` }),
    ).toBe(200);
    expect(await h.store.getExecution(e.id)).toBeNull();
  });

  it('a running execution: 409, then force=1 stops it; its stream ends with finished and the feed says deleted', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command: 'while true; do echo tick; sleep 0.05; done' }),
    });
    expect(run.status).toBe(201);
    const id = run.body.id as string;
    await waitFor(async () => (await h.json(`/api/executions/${id}`)).body.lines >= 3, 10_000, 'output');
    let connected!: () => void;
    let sawDeleted!: () => void;
    const feedOpen = new Promise<void>((r) => (connected = r));
    const deletedInFeed = new Promise<void>((r) => (sawDeleted = r));
    void readSse(`${h.url}/api/events`, {
      onEvent: (ev, res) => {
        connected();
        if (ev.event === 'deleted' && JSON.parse(ev.data).id === id) {
          sawDeleted();
          res.destroy();
        }
      },
    }).catch(() => {});
    await feedOpen;
    const stream = readSse(`${h.url}/api/executions/${id}/stream?format=raw`);
    const refused = await h.json(`/api/executions/${id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect((await h.json(`/api/executions/${id}?force=2`, { method: 'DELETE' })).status).toBe(400);
    const forced = await h.json(`/api/executions/${id}?force=1`, { method: 'DELETE' });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ deleted: id, status: 'killed' });
    expect(await h.store.getExecution(id)).toBeNull();
    expect(await h.store.storageFigures(run.body.num)).toEqual({ rows: 0, bytes: 0, derivedBytes: 0 });
    const events = (await stream).events;
    expect(events.at(-1)!.event).toBe('finished');
    expect(JSON.parse(events.at(-1)!.data).status).toBe('killed');
    await deletedInFeed;
  });

  it('a stream still sending a history when its execution is deleted ends with event deleted', async () => {
    const e = await ingestLines(generateLargeRun(25_000, 5));
    let paused!: () => void;
    const isPaused = new Promise<void>((r) => (paused = r));
    let reader: import('node:http').IncomingMessage | undefined;
    const stream = readSse(`${h.url}/api/executions/${e.id}/stream?format=raw`, {
      keep: true,
      onEvent: (_ev, res) => {
        if (reader !== undefined) return;
        // A slow client: the server waits for the socket to drain, mid-history.
        reader = res;
        res.pause();
        paused();
      },
    });
    await isPaused;
    expect((await h.json(`/api/executions/${e.id}`, { method: 'DELETE' })).status).toBe(200);
    reader!.resume();
    const events = (await stream).events;
    expect(events.at(-1)).toMatchObject({ event: 'deleted', data: JSON.stringify({ id: e.id }) });
    expect(events.filter((x) => x.event === 'line').length).toBeLessThan(e.lines);
  });
});
