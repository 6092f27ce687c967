// --verify's own count of SRC's log rows per execution: one SQL statement that normalises the id in
// SQL (a 16-byte blob or text of 32 hex digits with or without dashes, any case), independent of the
// reader whose rows the import used. A row the reader missed (a blob id among text ones, say) shows up
// as a difference even when both sides of the line comparison miss it alike.
import type { LegacyDatabase } from '../slow-layout/db.js';

const NORMALISED = `CASE
  WHEN typeof(execution_id) = 'blob' AND length(execution_id) = 16 THEN lower(hex(execution_id))
  WHEN typeof(execution_id) = 'text' THEN lower(replace(execution_id, '-', ''))
END`;

export interface SourceCounts {
  /** Rows per execution, by canonical UUID. */
  perExec: Map<string, number>;
  /** Rows whose id is not a UUID. */
  nonUuid: number;
}

export function countSourceRows(db: LegacyDatabase): SourceCounts {
  const sql = `SELECT CASE WHEN length(n) = 32 AND n NOT GLOB '*[^0-9a-f]*' THEN n END AS id, count(*) AS rows
    FROM (SELECT ${NORMALISED} AS n FROM execution_process_logs) GROUP BY 1`;
  const out: SourceCounts = { perExec: new Map(), nonUuid: 0 };
  for (const r of db.prepare(sql).all() as { id: string | null; rows: number }[]) {
    if (r.id === null) out.nonUuid += r.rows;
    else
      out.perExec.set(
        `${r.id.slice(0, 8)}-${r.id.slice(8, 12)}-${r.id.slice(12, 16)}-${r.id.slice(16, 20)}-${r.id.slice(20)}`,
        r.rows,
      );
  }
  return out;
}
