// Opens SRC read-only, refusing anything that is not the slow layout, and refusing SRC = DEST.
import { realpathSync } from 'node:fs';
import { TokenfoldError } from '../errors.js';
import { SlowLayoutReader } from '../slow-layout/slow-reader.js';
import { idFromColumn, normalizeId } from '../slow-layout/uuid-blob.js';

export function openSource(path: string): SlowLayoutReader {
  try {
    return new SlowLayoutReader(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (err instanceof TokenfoldError && code === 'invalid')
      throw notSlowLayout(path, 'it has no execution_process_logs table', err);
    if (code === 'SQLITE_NOTADB') throw notSlowLayout(path, 'it is not an SQLite database', err);
    throw err;
  }
}

/** Importing a file into itself would migrate it into a tokenfold database: refuse before opening DEST. */
export function assertDistinct(srcPath: string, destPath: string): void {
  if (destPath === ':memory:') return;
  if (real(srcPath) === real(destPath))
    throw new TokenfoldError(
      `the source ${srcPath} and the destination are the same file; pass another --db`,
      { code: 'invalid', field: 'db' },
    );
}

/** Rows whose execution_id is not a UUID: counted and named, never imported. */
export interface NonUuidRows {
  rows: number;
  ids: string[];
}

/** Rows and `byte_size` total per execution (every form of its id together), in one pass; and the rows skipped. */
export function rowsPerExecution(reader: SlowLayoutReader): {
  perExec: Map<string, { rows: number; bytes: number }>;
  nonUuid: NonUuidRows;
} {
  const perExec = new Map<string, { rows: number; bytes: number }>();
  const nonUuid: NonUuidRows = { rows: 0, ids: [] };
  const stmt = reader.db
    .prepare(
      'SELECT execution_id, count(*), total(byte_size) FROM execution_process_logs GROUP BY execution_id',
    )
    .raw();
  for (const [raw, rows, bytes] of stmt.iterate() as IterableIterator<[unknown, number, number]>) {
    const id = normalizeId(raw);
    if (id === null) {
      nonUuid.rows += Number(rows);
      nonUuid.ids.push(describeId(raw));
      continue;
    }
    const f = perExec.get(id) ?? { rows: 0, bytes: 0 };
    perExec.set(id, { rows: f.rows + Number(rows), bytes: f.bytes + Number(bytes) });
  }
  return { perExec, nonUuid };
}

/** An id for a message: text quoted, a blob as x'hex', NULL as NULL. */
export function describeId(raw: unknown): string {
  return raw === null || raw === undefined
    ? 'NULL'
    : typeof raw === 'string'
      ? JSON.stringify(raw)
      : idFromColumn(raw);
}

function notSlowLayout(path: string, why: string, cause: unknown): TokenfoldError {
  return new TokenfoldError(`${path} is not a database in the slow layout (${why}); nothing imported`, {
    code: 'invalid',
    cause,
  });
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
