// Issue 9, point 12: the disk fills up while a run streams and its child exits. Nothing is lost; freeing a
// little space lets writing resume (bounded retries), and once there is room the run reaches its final
// status, its subscribers get `finished`, and it is compacted. Two ways to fill the disk: a real tmpfs
// (needs root to mount; CI runs as root), and SQLite's max_page_count (portable, deterministic).
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { CompactionRetries } from '../../src/live/compaction-retries.js';
import { ExecutionManager } from '../../src/live/execution-manager.js';
import { RecordKind } from '../../src/records/types.js';
import { encodeLines } from '../../src/records/record-codec.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { jsonClient } from '../support/json-client.js';
import { waitFor } from '../support/server-harness.js';
import { readSse } from '../support/sse-client.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-full-');
afterAll(() => tmp.cleanup());

const LINES = 4000;
const text = (i: number) => `line ${i} ${'x'.repeat(90)}`;
// Waits for a GO file, then prints 4,000 lines (~400 KB) and exits 0.
const PRINTER = `let s = ''; for (let i = 0; i < ${LINES}; i++) s += ${JSON.stringify('line ')} + i + ' ' + 'x'.repeat(90) + '\\n'; process.stdout.write(s);`;

interface Disk {
  fill(): void;
  freeALittle(): void;
  freeAll(): void;
}

async function scenario(dir: string, makeDisk: (store: SqliteStore) => Disk): Promise<void> {
  writeFileSync(join(dir, 'printer.js'), PRINTER);
  const store = new SqliteStore(join(dir, 'full.db'));
  const logged: string[] = [];
  const manager = new ExecutionManager({
    store,
    writerIntervalMs: 20,
    stopGraceMs: 1000,
    log: (l) => logged.push(l),
  });
  const app = await buildServer({ manager, host: '127.0.0.1', token: null, webRoot: join(dir, 'no-web') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const json = jsonClient(url);
  const disk = makeDisk(store);
  try {
    const command = `cd ${dir} && while [ ! -e GO ]; do sleep 0.02; done; exec ${process.execPath} printer.js`;
    const { body: e } = await json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command }),
    });
    let live = 0;
    const stream = readSse(`${url}/api/executions/${e.id}/stream?format=raw`, {
      onEvent: (ev) => ev.event === 'line' && live++,
    });
    await waitFor(async () => (await json('/api/info')).body.storage !== undefined, 2000, 'info');

    disk.fill();
    writeFileSync(join(dir, 'GO'), '');
    // The child prints everything and exits; subscribers see it all live; nothing can be written.
    await waitFor(
      async () => live === LINES && manager.writer.stats.errors > 0,
      20_000,
      'output while the disk is full',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await store.getExecution(e.id))!.status).toBe('running');
    const info = (await json('/api/info')).body;
    expect(info.storage).toMatchObject({ status: 'degraded', reason: expect.stringMatching(/disk full/) });
    expect(manager.writer.pending(e.num).length).toBeGreaterThan(0);

    // A little space: writing resumes in bounded transactions (one batch of everything would not fit).
    const before = manager.writer.stats.transactions;
    disk.freeALittle();
    await waitFor(
      async () => manager.writer.stats.transactions > before,
      10_000,
      'progress after freeing a little space',
    );
    expect(manager.writer.pending(e.num).length).toBeGreaterThan(0);
    // What is on disk is a prefix of the stream.
    const partial = (await json(`/api/executions/${e.id}/logs?format=raw&limit=100000`)).body.items as {
      seq: number;
    }[];
    expect(partial.every((it, i) => it.seq === i)).toBe(true);

    disk.freeAll();
    const { events } = await stream;
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ status: 'completed', exitCode: 0 });
    const final = (await json(`/api/executions/${e.id}`)).body;
    expect(final).toMatchObject({ status: 'completed', exitCode: 0, lines: LINES });
    await waitFor(async () => (await json(`/api/executions/${e.id}`)).body.compacted, 20_000, 'compaction');
    const items = (await json(`/api/executions/${e.id}/logs?format=raw&limit=100000`)).body.items as {
      text: string;
    }[];
    expect(items.map((it) => it.text)).toEqual(Array.from({ length: LINES }, (_, i) => text(i)));
    expect((await json('/api/info')).body.storage).toEqual({ status: 'ok' });
    expect(logged.some((l) => /writes failing/.test(l))).toBe(true);
    expect(logged.some((l) => /writes resumed/.test(l))).toBe(true);
  } finally {
    disk.freeAll();
    await app.close();
    await manager.shutdown();
    await store.close();
  }
}

describe('disk full', () => {
  it('with SQLite max_page_count: resumes in bounded batches, reaches its final status, finished, compacted', async () => {
    const dir = join(tmp.dir, 'pages');
    mkdirSync(dir);
    await scenario(dir, (store) => {
      const pages = () => Number(store.db.pragma('page_count', { simple: true }));
      return {
        fill: () => void store.db.pragma(`max_page_count = ${pages()}`),
        freeALittle: () => void store.db.pragma(`max_page_count = ${pages() + 40}`),
        freeAll: () => void store.db.pragma('max_page_count = 1000000'),
      };
    });
  });

  it('on a real full filesystem (tmpfs): the same', async (ctx) => {
    const dir = join(tmp.dir, 'tmpfs');
    mkdirSync(dir);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tokenfold-test', dir], { stdio: 'pipe' });
    } catch (err) {
      process.stdout.write(
        `SKIPPED: disk full on a real filesystem needs mount (run as root): ${(err as Error).message.split('\n')[0]}\n`,
      );
      ctx.skip();
      return;
    }
    const filler = join(dir, 'filler');
    try {
      await scenario(dir, () => ({
        fill: () => fillUp(filler),
        freeALittle: () => truncateSync(filler, Math.max(0, statSync(filler).size - 160 * 1024)),
        freeAll: () => rmSync(filler, { force: true }),
      }));
    } finally {
      execFileSync('umount', ['-l', dir]);
    }
  });

  it('a compaction that fails (read-only for a while) is retried until it succeeds', async () => {
    const store = new SqliteStore(join(tmp.dir, 'retry.db'));
    try {
      const e = await store.createExecution({ executor: 'plain', kind: 'script', status: 'completed' });
      const puts = [0, 1, 2].map((s) => ({
        execNum: e.num,
        recordNo: s,
        kind: RecordKind.Lines,
        seqFirst: s,
        seqLast: s,
        body: encodeLines([{ s, a: 0, t: `l${s}` }]),
      }));
      await store.writeBatch({ puts, dels: [], updates: [] });
      const logged: string[] = [];
      const compacted: string[] = [];
      const retries = new CompactionRetries(
        store,
        (l) => logged.push(l),
        (x) => compacted.push(x.id),
      );
      store.db.pragma('query_only = ON'); // every write now fails with SQLITE_READONLY
      expect(await retries.compact(e)).toBe(false);
      expect(logged.join('\n')).toMatch(/compaction of execution .* failed, retrying/);
      store.db.pragma('query_only = OFF');
      await waitFor(async () => compacted.includes(e.id), 10_000, 'the retry');
      expect((await store.getExecution(e.id))!.compacted).toBe(true);
      expect(await store.readRecords(e.num)).toHaveLength(1);
      retries.stop();
    } finally {
      await store.close();
    }
  });

  it('a finished execution left uncompacted is compacted at the next start', async () => {
    const store = new SqliteStore(join(tmp.dir, 'startup.db'));
    try {
      const e = await store.createExecution({ executor: 'plain', kind: 'script', status: 'completed' });
      const puts = [0, 1].map((s) => ({
        execNum: e.num,
        recordNo: s,
        kind: RecordKind.Lines,
        seqFirst: s,
        seqLast: s,
        body: encodeLines([{ s, a: 0, t: `l${s}` }]),
      }));
      await store.writeBatch({ puts, dels: [], updates: [] });
      const manager = new ExecutionManager({ store, log: () => {} });
      await manager.recover();
      expect((await store.getExecution(e.id))!.compacted).toBe(true);
      await manager.shutdown();
    } finally {
      await store.close();
    }
  });
});

/** Writes zeros until the filesystem says ENOSPC. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}
