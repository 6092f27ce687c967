// The before/after summary of an import, and verify's differences, as text.
import { humanBytes } from '../inspect/format-report.js';
import type { ImportReport } from './types.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * An import report as the readable text `tokenfold import` prints.
 * @example
 * ```ts
 * process.stdout.write(formatImportReport(await importSlowLayout('old.db', store)));
 * ```
 */
export function formatImportReport(r: ImportReport): string {
  const growth = r.dest.bytesAfter - r.dest.bytesBefore;
  // Only a run that imported all of SRC compares like with like; a partial one shows no ratios.
  const whole = !r.interrupted;
  const ratio = (a: number, b: number, ok = whole) => (ok && b > 0 ? `${(a / b).toFixed(1)}×` : '');
  const rows = [
    ['', 'slow layout (SRC)', 'tokenfold (DEST)', 'fewer by'],
    ['log rows', n(r.source.rows), n(r.dest.sourceRows), ratio(r.source.rows, r.dest.sourceRows)],
    [
      "rows' bytes",
      humanBytes(r.source.logBytes),
      humanBytes(r.dest.sourceRecordBytes),
      ratio(r.source.logBytes, r.dest.sourceRecordBytes),
    ],
    [
      'file bytes',
      humanBytes(r.source.fileBytes),
      `+${humanBytes(Math.max(0, growth))}`,
      ratio(r.source.fileBytes, growth, whole && r.executions.skipped === 0),
    ],
  ];
  const out = [
    align(rows),
    `DEST rows and bytes are those of SRC's executions; file bytes are DEST's growth in this run${whole ? '' : ' (partial: interrupted)'}`,
    '',
  ];
  const secs = r.elapsedMs / 1000;
  out.push(`time           ${secs.toFixed(2)} s, ${n(r.rowsRead)} rows read, ${n(r.rowsPerSecond)} rows/s`);
  out.push(
    `executions     ${r.executions.imported} imported, ${r.executions.redone} redone, ${r.executions.skipped} skipped (already imported), of ${r.executions.total}`,
  );
  out.push(
    `lines          ${n(r.lines)}; deltas folded ${n(r.deltasFolded)}, exact repeats ${n(r.duplicatesDropped)} (kept for raw)`,
  );
  out.push(
    `kept as lines  ${n(r.events)} events, ${n(r.malformed)} malformed records; ${r.orphans} orphaned log${r.orphans === 1 ? '' : 's'} imported as executions`,
  );
  const skipped = r.skippedNonUuid;
  if (skipped.rows > 0 || skipped.executions.length > 0) out.push(`not a UUID    ${skippedLine(r)}`);
  if (r.verify !== null) {
    const v = r.verify;
    const verdict =
      v.differences.length === 0
        ? 'OK'
        : `${v.differences.length} execution${v.differences.length === 1 ? '' : 's'} differ`;
    out.push(
      `verify         ${verdict}: ${v.executions} executions, ${n(v.linesCompared)} lines compared, ${(v.elapsedMs / 1000).toFixed(2)} s`,
    );
  }
  if (r.interrupted)
    out.push('interrupted    stopped between executions; run the same command again to import the rest');
  return out.join('\n') + '\n';
}

/** The rows and executions an import skipped because their id is not a UUID (also printed as a warning). */
export function skippedLine(r: ImportReport): string {
  const s = r.skippedNonUuid;
  const list = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, … (${ids.length})` : '');
  const parts: string[] = [];
  if (s.rows > 0)
    parts.push(`${n(s.rows)} log row${s.rows === 1 ? '' : 's'} skipped (execution_id ${list(s.ids)})`);
  if (s.executions.length > 0)
    parts.push(
      `${s.executions.length} execution row${s.executions.length === 1 ? '' : 's'} skipped (id ${list(s.executions)})`,
    );
  return parts.join('; ');
}

export function formatDifferences(r: ImportReport): string {
  const diffs = r.verify?.differences ?? [];
  return diffs
    .map(
      (d) =>
        `difference: execution ${d.executionId} line ${d.line}\n  want ${d.want ?? '(nothing)'}\n  got  ${d.got ?? '(nothing)'}\n`,
    )
    .join('');
}

/** First column left-aligned, the others right-aligned. */
function align(rows: string[][]): string {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(w[c]!) : cell.padStart(w[c]!)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}
