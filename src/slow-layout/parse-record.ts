// One `logs` value → its JSONL records → typed records. Serde's externally tagged LogMsg:
// {"Stdout":"…"}, {"Stderr":"…"}, {"JsonPatch":[…]}, {"SessionId":"…"}, "Finished" (a unit variant), ….

export type Eol = 'lf' | 'crlf' | 'none';

export type LegacyRecord =
  | { kind: 'stdout' | 'stderr'; text: string }
  /** Any other single-tag record (JsonPatch, SessionId, Finished, ApprovalRequest, …); `value` null for unit variants. */
  | { kind: 'event'; tag: string; value: unknown }
  /** Invalid JSON, or JSON of no known shape (several keys, an array, Stdout holding a non-string, …). */
  | { kind: 'malformed' };

const TAG = /^[A-Z][A-Za-z0-9]*$/;
const MALFORMED: LegacyRecord = { kind: 'malformed' };

export function parseRecord(raw: string): LegacyRecord {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return MALFORMED;
  }
  if (typeof v === 'string') return TAG.test(v) ? { kind: 'event', tag: v, value: null } : MALFORMED;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return MALFORMED;
  let tag: string | undefined;
  let keys = 0;
  for (const k in v) {
    tag = k;
    if (++keys > 1) return MALFORMED;
  }
  if (tag === undefined) return MALFORMED;
  const value = (v as Record<string, unknown>)[tag];
  if (tag === 'Stdout' || tag === 'Stderr')
    return typeof value === 'string'
      ? { kind: tag === 'Stdout' ? 'stdout' : 'stderr', text: value }
      : MALFORMED;
  return TAG.test(tag) ? { kind: 'event', tag, value } : MALFORMED;
}

/**
 * Calls `each` for every JSONL record in one `logs` value: normally one record and its "\n", but rows
 * from before the table lost its primary key hold a whole execution's JSONL. Blank lines between records
 * are skipped; an entirely blank value is passed on whole, so the caller can report it as malformed.
 */
export function forEachRecord(logs: string, each: (raw: string, eol: Eol) => void): void {
  let start = 0;
  let any = false;
  while (start < logs.length) {
    const nl = logs.indexOf('\n', start);
    const end = nl < 0 ? logs.length : nl;
    const cr = nl > start && logs.charCodeAt(nl - 1) === 13;
    const raw = logs.slice(start, cr ? end - 1 : end);
    if (raw.trim() !== '') {
      any = true;
      each(raw, nl < 0 ? 'none' : cr ? 'crlf' : 'lf');
    }
    start = end + 1;
  }
  if (!any) {
    const cr = logs.endsWith('\r\n');
    const lf = !cr && logs.endsWith('\n');
    each(cr ? logs.slice(0, -2) : lf ? logs.slice(0, -1) : logs, cr ? 'crlf' : lf ? 'lf' : 'none');
  }
}

/** A `logs` column value as text (it is TEXT NOT NULL, but a damaged database may hold a blob or a null). */
export function logsText(v: unknown): string {
  return typeof v === 'string'
    ? v
    : v instanceof Uint8Array
      ? Buffer.from(v).toString('utf8')
      : String(v ?? '');
}
