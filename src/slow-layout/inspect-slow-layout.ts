// Diagnoses a slow-layout database without changing it: opened read-only, one sequential pass over the
// log rows (log-scan.ts), then the figures per execution and kind, and the import estimate.
// A DELETE-journal file is only read. (SQLite's read-only open of a WAL-mode file leaves empty -wal and
// -shm files beside it if there were none; the database file itself stays untouched either way.)
import { databaseFileBytes } from '../store/sqlite/file-bytes.js';
import { invalid } from '../errors.js';
import { openReadOnly, type LegacyDatabase } from './db.js';
import { hasTable, isSlowLayout } from './detect.js';
import type { KindFigures, SlowLayoutDiagnosis } from './diagnosis.js';
import { ImportEstimate } from './estimate.js';
import { keyOf, scanLogs } from './log-scan.js';
import { kindOfRunReason, type LegacyKind } from './schema.js';
import { idFromColumn } from './uuid-blob.js';

/**
 * Diagnoses a slow-layout database read-only: sizes, rows per execution and kind, and an import estimate.
 * Throws `invalid` when the file is not in that layout.
 * @example
 * ```ts
 * const d = inspectSlowLayout('old.db');
 * console.log(d.log_rows, d.executions, formatDiagnosis(d));
 * ```
 */
export function inspectSlowLayout(path: string): SlowLayoutDiagnosis {
  const db = openReadOnly(path);
  try {
    if (!isSlowLayout(db)) throw invalid('path', `${path} has no execution_process_logs table`);
    return diagnose(db, path);
  } finally {
    db.close();
  }
}

function diagnose(db: LegacyDatabase, path: string): SlowLayoutDiagnosis {
  const p = (name: string) => db.pragma(name, { simple: true });
  const execs = new Map<string, { id: string; kind: LegacyKind }>();
  const byKind: Record<LegacyKind, KindFigures> = {
    'coding-agent': figures(),
    'dev-server': figures(),
    script: figures(),
  };
  const processes = hasTable(db, 'execution_processes')
    ? db.prepare('SELECT * FROM execution_processes').iterate()
    : [];
  for (const r of processes as Iterable<Record<string, unknown>>) {
    const kind = kindOfRunReason(r.run_reason ?? r.process_type);
    execs.set(keyOf(r.id), { id: idFromColumn(r.id), kind });
    byKind[kind].executions++;
  }

  const est = new ImportEstimate();
  const scan = scanLogs(db, new Set(execs.keys()), est);
  const orphans = { rows: 0, bytes: 0, executions: 0 };
  let largest: SlowLayoutDiagnosis['largest_execution'] = null;
  let withLogs = 0;
  for (const [key, x] of scan.executions) {
    const exec = execs.get(key);
    if (exec === undefined || x.part === null) {
      orphans.rows += x.rows;
      orphans.bytes += x.bytes;
      orphans.executions++;
      continue;
    }
    withLogs++;
    byKind[exec.kind].rows += x.rows;
    byKind[exec.kind].bytes += x.bytes;
    if (largest === null || x.rows > largest.rows) largest = { id: exec.id, rows: x.rows, bytes: x.bytes };
    est.add(x.part);
  }
  for (const f of Object.values(byKind)) f.share = share(f.rows, scan.rows);
  const pageSize = Number(p('page_size'));
  return {
    layout: 'slow',
    file_bytes: databaseFileBytes(path),
    page_size: pageSize,
    page_count: Number(p('page_count')),
    freelist_count: Number(p('freelist_count')),
    pragmas: {
      journal_mode: String(p('journal_mode')),
      synchronous: Number(p('synchronous')),
      page_size: pageSize,
      auto_vacuum: Number(p('auto_vacuum')),
      encoding: String(p('encoding')),
      user_version: Number(p('user_version')),
      foreign_keys: Number(p('foreign_keys')),
    },
    log_rows: scan.rows,
    log_bytes: scan.bytes,
    executions: execs.size,
    executions_with_logs: withLogs,
    avg_rows_per_execution: withLogs === 0 ? 0 : (scan.rows - orphans.rows) / withLogs,
    avg_bytes_per_execution: withLogs === 0 ? 0 : (scan.bytes - orphans.bytes) / withLogs,
    largest_execution: largest,
    by_kind: byKind,
    delta_rows: scan.deltaRows,
    delta_share: share(scan.deltaRows, scan.rows),
    duplicate_rows: scan.duplicateRows,
    duplicate_share: share(scan.duplicateRows, scan.rows),
    orphaned_logs: orphans,
    malformed_rows: scan.malformedRows,
    estimate_after_import: {
      rows: est.rows,
      bytes: est.bytes,
      kept_payload_bytes: est.keptBytes,
      compression_ratio: est.ratio,
      sample_bytes: est.sampleBytes,
    },
  };
}

const figures = (): KindFigures => ({ executions: 0, rows: 0, bytes: 0, share: 0 });
const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
