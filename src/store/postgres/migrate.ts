// Applies pending migrations in order under an advisory lock (instances starting together take turns);
// refuses a database whose history diverges from ours.
import { createHash } from 'node:crypto';
import { TokenfoldError } from '../../errors.js';
import type { PgPool } from './driver.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

const checksum = (m: Migration) => createHash('sha256').update(m.sql).digest('hex').slice(0, 16);

/** The advisory lock key (two int4s) migrations run under. */
export const MIGRATION_LOCK = "hashtext('tokenfold'), 1";

export async function migrate(pool: PgPool, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const c = await pool.connect();
  let count = 0;
  try {
    await c.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = (
        await c.query<{ version: number; name: string; checksum: string }>(
          'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
        )
      ).rows;
      checkApplied(applied, migrations);
      const done = new Set(applied.map((r) => r.version));
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            checksum(m),
          ]);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK');
          throw new TokenfoldError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, {
            code: 'internal',
            cause: err,
          });
        }
        count++;
      }
    } finally {
      await c.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    c.release();
  }
  return count;
}

/** Throws unless every applied migration is one of ours, unchanged. */
export function checkApplied(
  applied: readonly { version: number; name: string; checksum: string }[],
  migrations: readonly Migration[] = MIGRATIONS,
): void {
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
}
