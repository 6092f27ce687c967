// The slow-layout diagnosis as a report for a person: aligned labels, readable sizes, percentages.
import { humanBytes } from '../inspect/format-report.js';
import type { SlowLayoutDiagnosis } from './diagnosis.js';
import type { LegacyKind } from './schema.js';

const KINDS: LegacyKind[] = ['coding-agent', 'dev-server', 'script'];
const n = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * A diagnosis as the readable report `tokenfold inspect` prints: multi-line, without a final newline.
 * @example
 * ```ts
 * console.log(formatDiagnosis(inspectSlowLayout('old.db')));
 * ```
 */
export function formatDiagnosis(d: SlowLayoutDiagnosis): string {
  const kindWidth = Math.max(...KINDS.map((k) => k.length));
  const kindCells = KINDS.map((k) => [
    k,
    n(d.by_kind[k].executions),
    n(d.by_kind[k].rows),
    pct(d.by_kind[k].share),
    humanBytes(d.by_kind[k].bytes),
  ]);
  const widths = [1, 2, 3, 4].map((c) => Math.max(...kindCells.map((r) => r[c]!.length)));
  const kinds = kindCells.map(
    (r) =>
      `${r[0]!.padEnd(kindWidth)}  ${r[1]!.padStart(widths[0]!)} executions  ${r[2]!.padStart(widths[1]!)} rows (${r[3]!.padStart(widths[2]!)})  ${r[4]!.padStart(widths[3]!)}`,
  );
  const big = d.largest_execution;
  const e = d.estimate_after_import;
  const rows: [string, string][] = [
    ['layout', 'slow (one row per output chunk: execution_process_logs)'],
    [
      'file',
      `${humanBytes(d.file_bytes)} (${n(d.page_count)} pages of ${humanBytes(d.page_size)}, ${n(d.freelist_count)} free)`,
    ],
    [
      'pragmas',
      Object.entries(d.pragmas)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ],
    ['executions', `${n(d.executions)} (${n(d.executions_with_logs)} with logs)`],
    ['log rows', `${n(d.log_rows)} (${humanBytes(d.log_bytes)})`],
    [
      'per execution',
      `${n(d.avg_rows_per_execution)} rows, ${humanBytes(Math.round(d.avg_bytes_per_execution))} on average`,
    ],
    ['largest execution', big === null ? '-' : `${big.id}: ${n(big.rows)} rows, ${humanBytes(big.bytes)}`],
    ['by kind', kinds[0]!],
    ...kinds.slice(1).map((k): [string, string] => ['', k]),
    ['Claude deltas', `${n(d.delta_rows)} rows (${pct(d.delta_share)})`],
    ['duplicate deltas', `${n(d.duplicate_rows)} rows (${pct(d.duplicate_share)})`],
    [
      'orphaned logs',
      `${n(d.orphaned_logs.rows)} rows, ${humanBytes(d.orphaned_logs.bytes)}, from ${n(d.orphaned_logs.executions)} missing executions`,
    ],
    ['malformed rows', n(d.malformed_rows)],
    ['after import (est.)', `~${n(e.rows)} rows, ~${humanBytes(e.bytes)}`],
    [
      '',
      `(${humanBytes(e.kept_payload_bytes)} kept payload x brotli ratio ${e.compression_ratio.toFixed(3)}, measured on ${humanBytes(e.sample_bytes)})`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}
