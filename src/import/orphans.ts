// Orphaned logs: rows whose execution_id has no execution_processes row. Each id becomes an execution of
// its own (see planOrphan), so an import loses nothing the old app could no longer show.
import { hasTable } from '../slow-layout/detect.js';
import type { SlowLayoutReader } from '../slow-layout/slow-reader.js';
import { normalizeId } from '../slow-layout/uuid-blob.js';
import { planOrphan, type ImportPlan } from './map-execution.js';

const STREAM_JSON_TYPES = new Set(['system', 'assistant', 'user', 'result', 'stream_event']);

/**
 * In order of each orphan's first row. Ids are compared as the UUIDs they stand for: a blob id in
 * execution_processes and the same id as text in the logs are one execution, not an orphan.
 */
export function planOrphans(reader: SlowLayoutReader): ImportPlan[] {
  const known = new Set(
    hasTable(reader.db, 'execution_processes') ? reader.listExecutions().map((e) => e.id) : [],
  );
  const rows = reader.db
    .prepare(
      'SELECT execution_id AS id, min(rowid) AS first FROM execution_process_logs GROUP BY execution_id ORDER BY first',
    )
    .all() as { id: unknown }[];
  const ids = new Set<string>();
  for (const r of rows) {
    const id = normalizeId(r.id);
    if (id !== null && !known.has(id)) ids.add(id);
  }
  return [...ids].map((id) => {
    const { claude, firstAt } = peek(reader, id);
    return planOrphan(id, claude, firstAt);
  });
}

/** Claude Code if the first stdout line is a stream-json object; the time of the first row. */
function peek(reader: SlowLayoutReader, id: string): { claude: boolean; firstAt: string | null } {
  let firstAt: string | null | undefined;
  for (const e of reader.readEntries(id)) {
    if (firstAt === undefined) firstAt = e.at;
    if (e.stream !== 'stdout' || e.malformed || e.text.trim() === '') continue;
    return { claude: isStreamJson(e.text), firstAt };
  }
  return { claude: false, firstAt: firstAt ?? null };
}

export function isStreamJson(line: string): boolean {
  if (line.charCodeAt(0) !== 123 /* { */) return false;
  try {
    const v = JSON.parse(line) as { type?: unknown } | null;
    return v !== null && typeof v === 'object' && typeof v.type === 'string' && STREAM_JSON_TYPES.has(v.type);
  } catch {
    return false;
  }
}
