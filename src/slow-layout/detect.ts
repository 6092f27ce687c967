// Is this database in the slow layout?
import type { LegacyDatabase } from './db.js';

export function hasTable(db: Pick<LegacyDatabase, 'prepare'>, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The one table every version of the layout has; execution_processes may be missing from a damaged copy. */
export function isSlowLayout(db: Pick<LegacyDatabase, 'prepare'>): boolean {
  return hasTable(db, 'execution_process_logs');
}
