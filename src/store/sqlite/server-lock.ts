// One server per database file. A second `tokenfold serve` on the same file would take the first one's
// running executions for a crash's leftovers: mark them interrupted and compact them under it. The lock
// is a write transaction held open on a small SQLite file beside the database (`DB.lock`): SQLite takes
// an OS-level (fcntl) lock for it, which the kernel drops when the process dies, even by kill -9, so a
// dead server's lock never blocks and no pid has to be trusted. The holder's pid, host and start time
// are committed in that file, for the refusal message.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { TokenfoldError } from '../../errors.js';
import type { SqliteDatabase } from './driver.js';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface ServerLock {
  readonly path: string;
  release(): void;
}

const ATTEMPTS = 5;

/** Takes the lock for `dbPath`, or throws a `conflict` error naming the server that holds it. */
export function acquireServerLock(dbPath: string): ServerLock {
  const path = `${dbPath}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path, { timeout: 500 }) as unknown as SqliteDatabase;
  } catch (err) {
    throw new TokenfoldError(`cannot open the lock file ${path}: ${(err as Error).message}`, {
      code: 'unavailable',
      cause: err,
    });
  }
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
  const token = randomUUID(); // this acquisition, even within one process
  try {
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (err) {
        if (!isBusy(err)) throw err;
        const holder = readHolder(db);
        if (holder?.token === token) continue; // taken between our commit and this begin; look again
        throw heldBy(dbPath, path, holder);
      }
      db.exec(
        'CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL, token TEXT NOT NULL)',
      );
      if (readHolder(db)?.token === token) return { path, release: () => release(db) };
      // Say who we are (committed, so a refused server can read it), then take the lock again and check.
      db.prepare(
        'INSERT OR REPLACE INTO holder (id, pid, host, started_at, token) VALUES (1, ?, ?, ?, ?)',
      ).run(me.pid, me.host, me.startedAt, token);
      db.exec('COMMIT');
    }
    throw new TokenfoldError(`cannot take the lock ${path}: other servers keep starting on ${dbPath}`, {
      code: 'conflict',
    });
  } catch (err) {
    db.close();
    throw err;
  }
}

function release(db: SqliteDatabase): void {
  try {
    db.exec('ROLLBACK');
  } finally {
    db.close();
  }
}

function readHolder(db: SqliteDatabase): (LockHolder & { token: string }) | null {
  try {
    const r = db.prepare('SELECT pid, host, started_at, token FROM holder WHERE id = 1').get() as
      { pid: number; host: string; started_at: string; token: string } | undefined;
    return r === undefined ? null : { pid: r.pid, host: r.host, startedAt: r.started_at, token: r.token };
  } catch {
    return null;
  }
}

const isBusy = (err: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown }).code));

function heldBy(dbPath: string, lockPath: string, h: LockHolder | null): TokenfoldError {
  const who =
    h === null
      ? 'another tokenfold server'
      : `another tokenfold server (pid ${h.pid} on ${h.host}, started ${h.startedAt})`;
  return new TokenfoldError(
    `database ${dbPath} is in use by ${who}; stop it first or pass another --db (lock: ${lockPath})`,
    { code: 'conflict' },
  );
}
