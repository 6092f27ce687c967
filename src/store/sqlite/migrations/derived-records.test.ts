// Migration 5 (derived_records): a version-4 database with runs in it upgrades in place; its runs have no
// derived records yet (the server stores their conversation pages on first open or in its sweep).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../driver.js';
import { migrate } from '../migrate.js';
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
