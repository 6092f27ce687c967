// Diagnosis of a tokenfold database: integrity (PRAGMA quick_check), file, pragmas, rows and bytes per
// execution, folding figures. A damaged file is reported, not a crash: what can still be read is.
import type { SqliteDatabase } from '../store/sqlite/driver.js';
import { databaseFileBytes } from '../store/sqlite/file-bytes.js';
import { derivedLine, executionLines, humanBytes, type ExecutionDetail } from './format-report.js';
import { RECORD_SPAN } from '../store/sqlite/sqlite-store.js';

export interface TokenfoldDiagnosis {
  layout: 'tokenfold';
  /** PRAGMA quick_check's messages (at most 20): ['ok'] for an intact file. */
  quick_check: string[];
  /** What could not be read because the file is damaged. */
  errors: string[];
  file_bytes: number;
  free_pages: number;
  pragmas: Record<string, string | number>;
  executions: number;
  log_rows: number;
  log_bytes: number;
  executions_detail: ExecutionDetail[];
}

export function inspectTokenfold(db: SqliteDatabase, path: string): TokenfoldDiagnosis {
  const p = (name: string) => db.pragma(name, { simple: true }) as string | number;
  const errors: string[] = [];
  // One message per line; SQLite heads the list with "*** in database main ***".
  const quick = attempt(errors, 'quick_check', () =>
    (db.pragma('quick_check(20)') as { quick_check: string }[])
      .flatMap((r) => r.quick_check.split('\n'))
      .filter((m) => m !== '' && !m.startsWith('*** ')),
  ) ?? ['cannot run'];
  const cols = new Set(
    (
      attempt(
        errors,
        'columns',
        () => db.prepare('PRAGMA table_info(executions)').all() as { name: string }[],
      ) ?? []
    ).map((c) => c.name),
  );
  // Databases of earlier versions, opened read-only (not migrated), have no drift columns.
  const drift = cols.has('deltas_unfolded')
    ? 'deltas_unfolded, unfolded_reasons'
    : '0 AS deltas_unfolded, NULL AS unfolded_reasons';
  const execs =
    attempt(
      errors,
      'executions',
      () =>
        db
          .prepare(
            `SELECT num, id, kind, status, lines, deltas_folded, duplicates_dropped, ${drift}, compacted FROM executions ORDER BY num`,
          )
          .all() as {
          num: number;
          id: string;
          kind: string;
          status: string;
          lines: number;
          deltas_folded: number;
          duplicates_dropped: number;
          deltas_unfolded: number;
          unfolded_reasons: string | null;
          compacted: number;
        }[],
    ) ?? [];
  const figures = db.prepare(
    'SELECT count(*) AS rows, coalesce(sum(length(body)), 0) AS bytes FROM log_records WHERE id >= ? AND id < ?',
  );
  // Derived records (migration 5) share the execution's id range: id / 2^24 is the execution's number.
  const derived = new Map<number, { rows: number; bytes: number }>();
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'derived_records'").get())
    for (const r of attempt(
      errors,
      'derived records',
      () =>
        db
          .prepare(
            `SELECT id / ${RECORD_SPAN} AS num, count(*) AS rows, coalesce(sum(length(body)), 0) AS bytes FROM derived_records GROUP BY 1`,
          )
          .all() as { num: number; rows: number; bytes: number }[],
    ) ?? [])
      derived.set(r.num, r);
  const detail = execs.map((e) => {
    const f = attempt(
      errors,
      `rows of execution ${e.id}`,
      () => figures.get(e.num * RECORD_SPAN, (e.num + 1) * RECORD_SPAN) as { rows: number; bytes: number },
    ) ?? { rows: 0, bytes: 0 };
    return {
      id: e.id,
      kind: e.kind,
      status: e.status,
      rows: f.rows,
      bytes: f.bytes,
      lines: e.lines,
      deltas_folded: e.deltas_folded,
      duplicates_dropped: e.duplicates_dropped,
      deltas_unfolded: e.deltas_unfolded,
      unfolded_reasons:
        e.unfolded_reasons === null ? {} : (JSON.parse(e.unfolded_reasons) as Record<string, number>),
      compacted: e.compacted === 1,
      derived_rows: derived.get(e.num)?.rows ?? 0,
      derived_bytes: derived.get(e.num)?.bytes ?? 0,
    };
  });
  return {
    layout: 'tokenfold',
    quick_check: quick,
    errors,
    file_bytes: databaseFileBytes(path),
    free_pages: Number(p('freelist_count')),
    pragmas: {
      journal_mode: p('journal_mode'),
      synchronous: p('synchronous'),
      page_size: p('page_size'),
      page_count: p('page_count'),
      auto_vacuum: p('auto_vacuum'),
      user_version: p('user_version'),
    },
    executions: execs.length,
    log_rows: detail.reduce((n, d) => n + d.rows, 0),
    log_bytes: detail.reduce((n, d) => n + d.bytes, 0),
    executions_detail: detail,
  };
}

/** `read()`, or null with the reason in `errors` when the file is too damaged for it. */
function attempt<T>(errors: string[], what: string, read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    errors.push(`${what}: ${(err as Error).message}`);
    return null;
  }
}

export function formatTokenfoldDiagnosis(d: TokenfoldDiagnosis): string {
  const ok = d.quick_check.length === 1 && d.quick_check[0] === 'ok';
  const lines = [
    `layout        tokenfold`,
    `integrity     ${ok ? 'ok (PRAGMA quick_check)' : `DAMAGED: PRAGMA quick_check reports ${d.quick_check.length >= 20 ? '20 or more' : d.quick_check.length} problem(s)`}`,
    ...(ok ? [] : d.quick_check.map((m) => `              ${m}`)),
    ...d.errors.map((e) => `unreadable    ${e}`),
    `file          ${humanBytes(d.file_bytes)} (${d.free_pages} free pages)`,
    `pragmas       ${Object.entries(d.pragmas)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    `executions    ${d.executions}`,
    `log rows      ${d.log_rows} (${humanBytes(d.log_bytes)})`,
    derivedLine(d.executions_detail),
    ...executionLines(d.executions_detail),
  ];
  return lines.join('\n') + '\n';
}
