// Connection tuning: WAL (DELETE where the filesystem cannot), NORMAL sync, busy timeout, a 32 MB cache.
import type { SqliteDatabase } from './driver.js';

export interface PragmaReport {
  journal_mode: string;
  synchronous: number;
  busy_timeout: number;
  foreign_keys: number;
  cache_size: number;
  page_size: number;
  warnings: string[];
}

export function applyPragmas(db: SqliteDatabase): PragmaReport {
  const warnings: string[] = [];
  // Compaction deletes many small rows; incremental auto-vacuum lets it give those pages back to the
  // filesystem. It can only be chosen before the first table exists.
  if (Number(db.pragma('page_count', { simple: true })) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  let mode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
  if (mode !== 'wal' && !db.memory) {
    mode = String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
    warnings.push(
      `this filesystem cannot use WAL; using journal_mode=${mode} (concurrent readers will wait for writers)`,
    );
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -32768');
  return readPragmas(db, warnings);
}

export function readPragmas(db: SqliteDatabase, warnings: string[] = []): PragmaReport {
  const p = (name: string) => db.pragma(name, { simple: true });
  return {
    journal_mode: String(p('journal_mode')),
    synchronous: Number(p('synchronous')),
    busy_timeout: Number(p('busy_timeout')),
    foreign_keys: Number(p('foreign_keys')),
    cache_size: Number(p('cache_size')),
    page_size: Number(p('page_size')),
    warnings,
  };
}
