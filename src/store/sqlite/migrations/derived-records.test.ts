// Migration 5 (derived_records): a version-4 database with runs in it upgrades in place; its runs have no
// derived records yet (the server stores their conversation pages on first open or in its sweep).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../driver.js';
import { DerivedKind } from '../../contract.js';
import { migrate } from '../migrate.js';
import { SqliteStore } from '../sqlite-store.js';
import { MIGRATIONS } from './index.js';

describe('migration 5: derived_records', () => {
  it('upgrades a version-4 database with executions in it, once', () => {
    const db = new Database(':memory:') as unknown as SqliteDatabase;
    migrate(db, MIGRATIONS.slice(0, 4));
    db.prepare(
      "INSERT INTO executions (id, executor, kind, status, created_at, compacted) VALUES ('a', 'claude-code', 'coding-agent', 'completed', '2026-01-01', 1)",
    ).run();
    expect(migrate(db)).toBe(1);
    expect(migrate(db)).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM derived_records').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT version, name FROM schema_migrations WHERE version = 5').get()).toEqual({
      version: 5,
      name: 'derived-records',
    });
  });
});

describe('a database from before migration 5, opened read-only', () => {
  it('reads its executions and no derived records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-mig5-'));
    try {
      const path = join(dir, 'v4.db');
      const db = new Database(path) as unknown as SqliteDatabase;
      migrate(db, MIGRATIONS.slice(0, 4));
      db.prepare(
        "INSERT INTO executions (id, executor, kind, status, created_at, compacted) VALUES ('a', 'claude-code', 'coding-agent', 'completed', '2026-01-01', 1)",
      ).run();
      db.close();
      const store = new SqliteStore(path, { readonly: true });
      const e = (await store.getExecution('a'))!;
      expect(e.compacted).toBe(true);
      expect(await store.readDerived(e.num, DerivedKind.ConversationPages, 0, 10)).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
