// Human-readable rendering helpers for diagnoses and before/after tables.

export function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) ((v /= 1024), u++);
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** Aligned columns; the first row is the header. */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) =>
          typeof cell === 'number' ? String(cell).padStart(widths[c]!) : String(cell).padEnd(widths[c]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One execution's figures, as both backends' inspections report them. */
export interface ExecutionDetail {
  id: string;
  kind: string;
  status: string;
  rows: number;
  bytes: number;
  lines: number;
  deltas_folded: number;
  duplicates_dropped: number;
  deltas_unfolded: number;
  unfolded_reasons: Record<string, number>;
  compacted: boolean;
  /** Rows and bytes of records derived from the history (conversation pages); rebuilt when missing. */
  derived_rows: number;
  derived_bytes: number;
}

/** Derived records beside the log rows: what they cost, and how many executions have them. */
export function derivedLine(detail: readonly ExecutionDetail[]): string {
  let rows = 0;
  let bytes = 0;
  let withPages = 0;
  for (const e of detail)
    ((rows += e.derived_rows), (bytes += e.derived_bytes), (withPages += e.derived_rows > 0 ? 1 : 0));
  return `derived rows  ${rows} (${humanBytes(bytes)}): conversation pages of ${withPages} execution(s)`;
}

/** Folding totals, unfoldable deltas by reason (a new agent CLI version shows here), and a row per execution. */
export function executionLines(detail: readonly ExecutionDetail[]): string[] {
  const reasons: Record<string, number> = {};
  let unfolded = 0;
  for (const e of detail) {
    unfolded += e.deltas_unfolded;
    for (const [k, n] of Object.entries(e.unfolded_reasons)) reasons[k] = (reasons[k] ?? 0) + n;
  }
  const byReason = Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join('; ');
  return [
    `deltas folded ${detail.reduce((n, e) => n + e.deltas_folded, 0)}, repeats ${detail.reduce((n, e) => n + e.duplicates_dropped, 0)}`,
    unfolded === 0 ? 'unfolded      0 deltas' : `unfolded      ${unfolded} deltas stored whole: ${byReason}`,
    '',
    table([
      ['id', 'kind', 'status', 'rows', 'bytes', 'lines', 'deltas folded', 'unfolded', 'repeats', 'pages'],
      ...detail.map((e) => [
        e.id,
        e.kind,
        e.status,
        e.rows,
        e.bytes,
        e.lines,
        e.deltas_folded,
        e.deltas_unfolded,
        e.duplicates_dropped,
        e.derived_rows,
      ]),
    ]),
  ];
}
