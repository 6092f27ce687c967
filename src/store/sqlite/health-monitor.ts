// A SQLite store's health: failed writes (full, read-only, I/O, damaged) and the file's identity on disk.
// Reports each change once; saves a database that was deleted or replaced under the server at shutdown.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HEALTHY, faultError, storageFault, type StorageHealth } from '../health.js';
import type { SqliteDatabase } from './driver.js';
import { FileWatch } from './file-watch.js';

export interface HealthOptions {
  readonly?: boolean;
  onHealthChange?: (health: StorageHealth) => void;
  healthCheckMs?: number;
  onNotice?: (message: string) => void;
}

export class HealthMonitor {
  readonly #db: SqliteDatabase;
  readonly #path: string;
  readonly #watch: FileWatch | null;
  readonly #onChange: ((h: StorageHealth) => void) | undefined;
  readonly #notice: (message: string) => void;
  readonly #timer: NodeJS.Timeout | null = null;
  #fault: { reason: string; since: string } | null = null;
  #fileSince: string | null = null;
  #last: StorageHealth = HEALTHY;

  constructor(db: SqliteDatabase, path: string, o: HealthOptions) {
    this.#db = db;
    this.#path = path;
    this.#watch = db.memory || o.readonly ? null : new FileWatch(path);
    this.#onChange = o.onHealthChange;
    this.#notice = o.onNotice ?? ((m) => process.emitWarning(m));
    if (this.#onChange !== undefined && this.#watch !== null) {
      this.#timer = setInterval(() => this.check(), o.healthCheckMs ?? 2000);
      this.#timer.unref();
    }
  }

  /** Runs a write: a storage fault marks the store degraded and becomes a clear error; a success clears it. */
  write<T>(fn: () => T): T {
    let result: T;
    try {
      result = fn();
    } catch (err) {
      const reason = storageFault(err);
      if (reason === null) throw err;
      if (this.#fault?.reason !== reason) this.#fault = { reason, since: new Date().toISOString() };
      this.check();
      throw faultError(err, reason);
    }
    if (this.#fault !== null) {
      this.#fault = null;
      this.check();
    }
    return result;
  }

  /** Current health: a problem with the file first, then the last write's fault. */
  check(): StorageHealth {
    const file = this.#watch?.check() ?? null;
    if (file === null) this.#fileSince = null;
    else this.#fileSince ??= new Date().toISOString();
    const h: StorageHealth =
      file !== null
        ? { status: 'degraded', reason: file.reason, since: this.#fileSince! }
        : this.#fault !== null
          ? { status: 'degraded', ...this.#fault }
          : HEALTHY;
    const last = this.#last;
    this.#last = h;
    if (
      h.status !== last.status ||
      (h.status === 'degraded' && last.status === 'degraded' && h.reason !== last.reason)
    )
      this.#onChange?.(h);
    return h;
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
  }

  /**
   * When the path no longer names our file, the data written since lives only in the open connection:
   * write a copy to the path (deleted) or beside it (replaced), so a restart does not silently lose it.
   */
  saveIfLost(): void {
    const problem = this.#watch?.check() ?? null;
    if (problem === null || (problem.kind !== 'deleted' && problem.kind !== 'replaced')) return;
    const target =
      problem.kind === 'deleted' && !existsSync(this.#path)
        ? this.#path
        : `${this.#path}.saved-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      // Empty the WAL first: a stale -wal beside a new file of the same name would be replayed into it.
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
      mkdirSync(dirname(target), { recursive: true });
      this.#db.prepare('VACUUM INTO ?').run(target);
      this.#notice(
        `the database file ${this.#path} was ${problem.kind} while the server was running; its contents were saved to ${target}`,
      );
    } catch (err) {
      this.#notice(
        `the database file ${this.#path} was ${problem.kind} while the server was running, and saving its contents to ${target} failed: ${(err as Error).message}`,
      );
    }
  }
}
