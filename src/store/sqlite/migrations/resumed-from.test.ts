// Migration 4 (resumed_from): the whole chain on :memory:, and a database made by the first three upgrades in place.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../driver.js';
import { migrate } from '../migrate.js';
import { toExecution, type DbExecution } from '../rows.js';
import { MIGRATIONS } from './index.js';

const open = () => new Database(':memory:') as unknown as SqliteDatabase;

describe('migration 4: resumed_from', () => {
  it('runs the whole chain in order', () => {
    const db = open();
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(
      (
        db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]
      ).map((r) => r.version),
    ).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toBe(0);
  });

  it('upgrades a version-3 database: existing executions continue nothing', () => {
    const db = open();
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(
      "INSERT INTO executions (id, executor, kind, status, created_at) VALUES ('a', 'claude-code', 'coding-agent', 'completed', '2026-01-01')",
    ).run();
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(1);
    const row = db.prepare("SELECT * FROM executions WHERE id = 'a'").get() as DbExecution;
    expect(toExecution(row).resumedFrom).toBeNull();
    db.prepare(
      "INSERT INTO executions (id, executor, kind, status, created_at, resumed_from) VALUES ('b', 'claude-code', 'coding-agent', 'completed', '2026-01-02', 'a')",
    ).run();
    expect(db.prepare("SELECT id FROM executions WHERE resumed_from = 'a'").all()).toEqual([{ id: 'b' }]);
  });
});
