// The storage contract's conformance suite on PostgreSQL (one database for the file, emptied per test),
// and what only PostgreSQL can get wrong: URLs, servers that are not there, migrations, NUL in text.
import { describe, expect, it } from 'vitest';
import { PgStore } from '../../src/store/postgres/index.js';
import { describePostgres } from '../support/postgres.js';
import { runStoreSuite } from '../support/store-suite.js';

describePostgres('PostgreSQL store', (db) => {
  runStoreSuite({
    name: 'postgres',
    create: async () => {
      const store = await PgStore.open(db.url);
      await db.sql('TRUNCATE executions, log_records, derived_records RESTART IDENTITY');
      return store;
    },
    reopen: async () => PgStore.open(db.url),
  });

  describe('text fields', () => {
    it('refuses a NUL character in a text field with a clear error (PostgreSQL text cannot hold one)', async () => {
      const store = await PgStore.open(db.url);
      try {
        await expect(
          store.createExecution({ executor: 'plain', kind: 'script', label: 'a\u0000b' }),
        ).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/NUL/) });
        const e = await store.createExecution({ executor: 'plain', kind: 'script' });
        await expect(store.updateExecution(e.id, { label: '\u0000' })).rejects.toMatchObject({
          code: 'invalid',
        });
        expect(store.health()).toEqual({ status: 'ok' });
      } finally {
        await store.close();
      }
    });
  });

  describe('opening', () => {
    it('says in one line what is wrong with a bad URL or an unreachable server, without the password', async () => {
      await expect(PgStore.open('postgres://u:secret@127.0.0.1:1/x')).rejects.toThrow(
        /^cannot connect to PostgreSQL at postgres:\/\/u@127\.0\.0\.1:1\/x: .*ECONNREFUSED[^\n]*$/,
      );
      await expect(PgStore.open('postgres://[bad')).rejects.toMatchObject({ code: 'invalid' });
      const missing = new URL(db.url);
      missing.pathname = '/tf_no_such_database';
      await expect(PgStore.open(missing.toString())).rejects.toThrow(
        /database "tf_no_such_database" does not exist/,
      );
    });

    it('migrates once, concurrently opened stores included, and refuses a database whose migrations differ', async () => {
      const stores = await Promise.all([1, 2, 3].map(() => PgStore.open(db.url)));
      await Promise.all(stores.map((s) => s.close()));
      expect(await db.sql('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual([
        { version: 1, name: 'initial' },
        { version: 2, name: 'instances' },
        { version: 3, name: 'resumed-from' },
        { version: 4, name: 'derived-records' },
        { version: 5, name: 'cluster' },
      ]);
      const [{ checksum }] = await db.sql<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = 1',
      );
      await db.sql("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1");
      await expect(PgStore.open(db.url)).rejects.toThrow(/migration 1 \(initial\) in the database differs/);
      await db.sql("INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'future', 'y')");
      await db.sql('UPDATE schema_migrations SET checksum = $1 WHERE version = 1', [checksum]);
      await expect(PgStore.open(db.url)).rejects.toThrow(
        /migration 99 \(future\) that this version of tokenfold does not know/,
      );
      await db.sql('DELETE FROM schema_migrations WHERE version = 99');
      await (await PgStore.open(db.url)).close();
    });

    it('opens read-only without migrating, and refuses a database without tokenfold tables', async () => {
      const ro = await PgStore.open(db.url, { readonly: true });
      await expect(ro.createExecution({ executor: 'plain', kind: 'script' })).rejects.toThrow(/read-only/);
      await ro.close();
      const other = new URL(db.url);
      other.pathname = '/postgres';
      await expect(PgStore.open(other.toString(), { readonly: true })).rejects.toThrow(
        /has no tokenfold tables/,
      );
    });
  });
});
