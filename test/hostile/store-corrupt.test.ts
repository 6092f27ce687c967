// Issue 9, point 20: a database damaged in the middle (some pages of one execution's segment overwritten).
// `tokenfold inspect` runs PRAGMA quick_check and reports it (exit 1); the server answers reads of the
// damaged execution with the `corrupt` error code (422), and keeps serving the others.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startServer } from '../support/server-child.js';
import { CLI } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-corrupt-');
afterAll(() => tmp.cleanup());

async function* chunks(lines: string[]) {
  yield Buffer.from(lines.map((l) => l + '\n').join(''));
}

/** Three executions; the middle one's output is random text (~1.5 MB: segments spanning many overflow pages). */
async function writeDatabase(path: string): Promise<{ good: string; big: string; tail: string }> {
  const store = new SqliteStore(path);
  const ingest = async (lines: string[]) =>
    (await ingestStream(store, chunks(lines), { executor: 'plain', kind: 'dev-server' })).execution.id;
  const good = await ingest(['good one', 'good two']);
  const big = await ingest(
    Array.from({ length: 12_000 }, (_, i) => `${i} ${randomBytes(96).toString('base64')}`),
  );
  const tail = await ingest(['tail line']);
  await store.close();
  return { good, big, tail };
}

describe('a database damaged in the middle', () => {
  it('inspect reports quick_check problems; reads of the damaged execution are `corrupt`, the others are served', async () => {
    const db = join(tmp.dir, 'damaged.db');
    const { good, big, tail } = await writeDatabase(db);
    // Only the big execution's segments are large enough for overflow pages: overwrite a third of them.
    const probe = new Database(db, { readonly: true });
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    const overflow = (
      probe
        .prepare(
          "SELECT pageno FROM dbstat WHERE name = 'log_records' AND pagetype = 'overflow' ORDER BY pageno",
        )
        .all() as { pageno: number }[]
    ).map((r) => r.pageno);
    probe.close();
    expect(overflow.length).toBeGreaterThan(100);
    const fd = openSync(db, 'r+');
    for (const page of overflow.slice(overflow.length / 3, (2 * overflow.length) / 3))
      writeSync(fd, randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);

    const inspect = spawnSync(process.execPath, [CLI, 'inspect', db], { encoding: 'utf8' });
    expect(inspect.status).toBe(1);
    expect(inspect.stdout).toMatch(/^integrity +DAMAGED: PRAGMA quick_check reports \d+/m);
    expect(inspect.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^tokenfold: .*damaged\.db is damaged: PRAGMA quick_check reports .+ problem\(s\), first: /,
      ),
    ]);
    const json = JSON.parse(
      spawnSync(process.execPath, [CLI, 'inspect', db, '--json'], { encoding: 'utf8' }).stdout,
    );
    expect(json.quick_check.length).toBeGreaterThan(0);
    expect(json.quick_check[0]).not.toBe('ok');
    expect(json.executions).toBe(3);

    const server = await startServer(db);
    try {
      for (const format of ['raw', 'messages', 'conversation']) {
        const damaged = await server.json(`/api/executions/${big}/logs?format=${format}`);
        expect(damaged.status).toBe(422);
        expect(damaged.body.error).toMatchObject({
          code: 'corrupt',
          message: expect.stringMatching(/damaged/),
        });
      }
      expect(
        (await server.json(`/api/executions/${good}/logs?format=raw`)).body.items.map(
          (i: { text: string }) => i.text,
        ),
      ).toEqual(['good one', 'good two']);
      expect(
        (await server.json(`/api/executions/${tail}/logs?format=raw`)).body.items.map(
          (i: { text: string }) => i.text,
        ),
      ).toEqual(['tail line']);
      expect((await server.json('/api/executions')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('inspect of an intact database says ok and exits 0', async () => {
    const db = join(tmp.dir, 'intact.db');
    await writeDatabase(db);
    const inspect = spawnSync(process.execPath, [CLI, 'inspect', db], { encoding: 'utf8' });
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/^integrity +ok \(PRAGMA quick_check\)$/m);
  });
});
