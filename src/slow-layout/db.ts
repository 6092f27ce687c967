// The subset of better-sqlite3 the legacy code uses, typed structurally, and the two ways it opens a file.
import Database from 'better-sqlite3';
import { TokenfoldError } from '../errors.js';

export interface LegacyStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows as arrays instead of objects (no per-row key allocation). */
  raw(toggle?: boolean): LegacyStatement;
}

export interface LegacyDatabase {
  prepare(sql: string): LegacyStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  readonly name: string;
  readonly readonly: boolean;
}

/** Read-only, and the file must already exist: opening a DELETE-journal database this way writes nothing. */
export function openReadOnly(path: string): LegacyDatabase {
  try {
    return new Database(path, { readonly: true, fileMustExist: true }) as unknown as LegacyDatabase;
  } catch (err) {
    throw new TokenfoldError(`cannot open ${path} read-only: ${(err as Error).message}`, {
      code: 'unavailable',
      cause: err,
    });
  }
}

export function openWritable(path: string): LegacyDatabase {
  try {
    return new Database(path) as unknown as LegacyDatabase;
  } catch (err) {
    throw new TokenfoldError(`cannot open ${path}: ${(err as Error).message}`, {
      code: 'unavailable',
      cause: err,
    });
  }
}
