// `tokenfold delete`, `tokenfold prune` and `serve --retain-*` as a user runs them, on real SQLite files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CLI, serveProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { waitFor } from '../support/server-harness.js';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'claude-code-2.1.x',
  'claude-code-2.1.332-thinking.jsonl',
);
const tmp = tempDir('tokenfold-manage-cli-');
afterAll(() => tmp.cleanup());

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A database with `n` ingested runs, the first `old` of them ended 60 days ago. */
async function database(name: string, n: number, old: number): Promise<{ db: string; ids: string[] }> {
  const db = join(tmp.dir, name);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = run(['ingest', '--db', db, FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    ids.push(r.stdout.trim());
  }
  const store = new SqliteStore(db);
  const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString();
  for (const id of ids.slice(0, old)) await store.updateExecution(id, { endedAt: longAgo });
  await store.close();
  return { db, ids };
}

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const exists = async (db: string, id: string) => {
  const store = new SqliteStore(db, { readonly: true });
  try {
    return (await store.getExecution(id)) !== null;
  } finally {
    await store.close();
  }
};

describe('tokenfold prune', () => {
  it('--dry-run prints what would go and changes nothing; without it, removes and reports the bytes reclaimed', async () => {
    const { db, ids } = await database('prune.db', 4, 2);
    const hash = fileHash(db);
    const dry = run(['prune', '--db', db, '--older-than', '30d', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would remove ${ids[0]}`);
    expect(dry.stdout).toContain(`would remove ${ids[1]}`);
    expect(dry.stdout).toMatch(/dry run: would remove 2 executions .*nothing was changed/);
    expect(fileHash(db)).toBe(hash);
    for (const id of ids) expect(await exists(db, id)).toBe(true);

    const real = run(['prune', '--db', db, '--older-than', '30d']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(`removed ${ids[0]}`);
    expect(real.stdout).toMatch(/removed 2 executions \(.+ stored\); database file .+ → .+ \(.+ reclaimed\)/);
    expect(await exists(db, ids[0]!)).toBe(false);
    expect(await exists(db, ids[1]!)).toBe(false);
    expect(await exists(db, ids[2]!)).toBe(true);

    const keep = run(['prune', '--db', db, '--keep-last', '1']);
    expect(keep.stdout).toContain(`removed ${ids[2]}`);
    expect(await exists(db, ids[3]!)).toBe(true);
  });

  it('refuses a policy-less or malformed prune in one line', () => {
    const db = join(tmp.dir, 'none.db');
    for (const args of [
      ['prune', '--db', db],
      ['prune', '--db', db, '--older-than', 'soon'],
      ['prune', '--db', db, '--max-bytes', 'big'],
      ['prune', '--db', db, '--kind', 'nope', '--keep-last', '1'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^tokenfold: /);
    }
  });
});

describe('tokenfold delete', () => {
  it('deletes the executions named; an unknown id deletes none', async () => {
    const { db, ids } = await database('delete.db', 3, 0);
    const bad = run(['delete', '--db', db, ids[0]!, 'no-such-id']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^tokenfold: execution no-such-id not found/);
    expect(await exists(db, ids[0]!)).toBe(true);
    const ok = run(['delete', '--db', db, ids[0]!, ids[1]!]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`deleted ${ids[0]}\ndeleted ${ids[1]}\n`);
    expect(ok.stdout).toMatch(/database file .+ → .+ reclaimed/);
    expect(await exists(db, ids[0]!)).toBe(false);
    expect(await exists(db, ids[2]!)).toBe(true);
  });
});

describe('serve --retain-*', () => {
  it('applies the policy by itself soon after start', async () => {
    const { db, ids } = await database('serve.db', 3, 1);
    const server = await serveProcess(db, ['--retain-older-than', '30d', '--retain-every', '1h']);
    try {
      await waitFor(
        async () => (await server.json(`/api/executions/${ids[0]}`)).status === 404,
        15_000,
        'retention to remove the old run',
      );
      expect((await server.json(`/api/executions/${ids[1]}`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('refuses a malformed retention option before starting', () => {
    const r = run(['serve', '--db', join(tmp.dir, 'x.db'), '--port', '0', '--retain-older-than', 'forever']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tokenfold: --retain-older-than: must be a duration/);
  });
});
