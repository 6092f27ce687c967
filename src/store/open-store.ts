// Opens the store a location names: a postgres:// URL is PostgreSQL, anything else an SQLite file.
// Drivers load on demand, so the SQLite path never loads `pg` and the reverse.
import type { ClusterMembership } from '../cluster/membership.js';
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

export interface ServerStore extends OpenedStore {
  /** Other instances share the store: recovery runs periodically (a reaper), scoped to expired leases. */
  shared: boolean;
  /** With a shared store: the other instances, and the channel to them. */
  cluster: ClusterMembership | null;
  /** Releases what only one server may hold (SQLite's lock file). */
  release(): Promise<void>;
}

/**
 * The store `tokenfold serve` uses. SQLite: behind the one-server lock, taken before anything reads the
 * database. PostgreSQL: one of several instances, with a lease; `onFenced` is told when it expired.
 */
export async function openServerStore(
  location: string,
  o: OpenStoreOptions & { onFenced: (message: string) => void; leaseMs?: number },
): Promise<ServerStore> {
  if (isPostgresUrl(location)) {
    const { PgStore } = await import('./postgres/pg-store.js');
    const instance = { onFenced: o.onFenced, ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}) };
    const store = await PgStore.open(location, { ...o, instance });
    return { store, warnings: [], shared: true, cluster: store.cluster, release: async () => {} };
  }
  const { acquireServerLock } = await import('./sqlite/server-lock.js');
  const lock = acquireServerLock(location);
  try {
    const opened = await openStore(location, o);
    return { ...opened, shared: false, cluster: null, release: async () => lock.release() };
  } catch (err) {
    lock.release();
    throw err;
  }
}
