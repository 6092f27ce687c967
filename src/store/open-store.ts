// Opens the store a location names: a postgres:// URL is PostgreSQL, anything else an SQLite file.
// Drivers load on demand, so the SQLite path never loads `pg` and the reverse.
import type { LogStore } from './contract.js';
import type { StorageHealth } from './health.js';
import { isPostgresUrl } from './postgres/connect.js';

export { isPostgresUrl };

export interface OpenStoreOptions {
  readonly?: boolean;
  onHealthChange?: (health: StorageHealth) => void;
  /** One-line notices (a database saved after it was deleted under the server). */
  onNotice?: (message: string) => void;
}

export interface OpenedStore {
  store: LogStore;
  /** Settings the backend could not apply, worth a warning at start. */
  warnings: string[];
}

export async function openStore(location: string, o: OpenStoreOptions = {}): Promise<OpenedStore> {
  if (isPostgresUrl(location)) {
    const { PgStore } = await import('./postgres/pg-store.js');
    return { store: await PgStore.open(location, o), warnings: [] };
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  const store = new SqliteStore(location, o);
  return { store, warnings: store.pragmas.warnings };
}

export interface StoreLock {
  release(): void | Promise<void>;
}

/** One server per database: throws a `conflict` error naming the server that holds it. */
export async function lockStore(location: string, onLost?: (message: string) => void): Promise<StoreLock> {
  if (isPostgresUrl(location)) {
    const { acquirePgServerLock } = await import('./postgres/server-lock.js');
    return acquirePgServerLock(location, onLost);
  }
  const { acquireServerLock } = await import('./sqlite/server-lock.js');
  return acquireServerLock(location);
}
