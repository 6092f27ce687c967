// Applies pending migrations in order; refuses to open a database whose history diverges from ours.
import { createHash } from 'node:crypto';
import { TokenfoldError } from '../../errors.js';
import type { SqliteDatabase } from './driver.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

const checksum = (m: Migration) => createHash('sha256').update(m.sql).digest('hex').slice(0, 16);

export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; checksum: string }[];
  for (const row of applied) {
    const m = migrations.find((x) => x.version === row.version);
    if (m === undefined)
      throw new TokenfoldError(
        `database has migration ${row.version} (${row.name}) that this version of tokenfold does not know; upgrade tokenfold`,
        { code: 'conflict' },
      );
    if (checksum(m) !== row.checksum)
      throw new TokenfoldError(
        `migration ${row.version} (${row.name}) in the database differs from this version's; refusing to open`,
        { code: 'conflict' },
      );
  }
  const done = new Set(applied.map((r) => r.version));
  let count = 0;
  const insert = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, checksum(m), new Date().toISOString());
    })();
    count++;
  }
  return count;
}
