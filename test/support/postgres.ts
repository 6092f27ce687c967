// A fresh PostgreSQL database per test file (CREATE DATABASE tf_<random>, dropped after), or a skip
// (a failure with CI=true) when the global setup found no server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';

export interface TestDatabase {
  /** The database's URL (set once beforeAll ran). */
  url: string;
  /** Runs SQL on the database (a short-lived connection). */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
}

const available = inject('postgres');

/** `describe` when PostgreSQL is there; otherwise skipped, or one failing test with CI=true. */
export function describePostgres(name: string, fn: (db: TestDatabase) => void): void {
  if ('missing' in available) {
    if (process.env.CI === 'true')
      describe(name, () =>
        it('needs PostgreSQL (CI=true)', () => {
          throw new Error(`${available.missing}; CI needs PostgreSQL (pg_isready -h 127.0.0.1)`);
        }),
      );
    else describe.skip(name, () => it('needs PostgreSQL', () => {}));
    return;
  }
  const admin = available.url;
  const name_ = `tf_${randomBytes(6).toString('hex')}`;
  const u = new URL(admin);
  u.pathname = `/${name_}`;
  const db: TestDatabase = { url: u.toString(), sql: (text, values) => query(u.toString(), text, values) };
  describe(name, () => {
    beforeAll(async () => {
      await query(admin, `CREATE DATABASE ${name_}`);
    });
    afterAll(async () => {
      await query(admin, `DROP DATABASE IF EXISTS ${name_} WITH (FORCE)`);
    });
    fn(db);
  });
}

async function query<R>(url: string, text: string, values?: unknown[]): Promise<R[]> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as R[];
  } finally {
    await c.end();
  }
}
