// Size of a SQLite database on disk: the file plus its WAL or rollback journal, when present.
import { statSync } from 'node:fs';

export function databaseFileBytes(path: string): number {
  let n = 0;
  for (const suffix of ['', '-wal', '-journal']) {
    try {
      n += statSync(path + suffix).size;
    } catch {
      /* absent */
    }
  }
  return n;
}
