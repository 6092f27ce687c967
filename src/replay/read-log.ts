// One read API for every consumer (CLI, HTTP): a format, cursor pagination forwards, or a tail.
import type { AgentFormat } from '../formats/format.js';
import { invalid } from '../errors.js';
import type { LogRecord } from '../records/types.js';
import { entryText, type ReplayEntry } from './entry.js';
import { expandRecords } from './expand.js';
import { toMessages, type Message } from './messages.js';
import { foldedEntries } from './folded.js';

export const LOG_FORMATS = ['messages', 'deltas', 'raw', 'folded'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogPageQuery {
  format: LogFormat;
  /** Items with seq > cursor. */
  cursor?: number;
  /** Items with seq < before (paging backwards from a tail). */
  before?: number;
  limit?: number;
  /** The last N items (then page older ones with `before`). */
  tail?: number;
}

export interface LogItem {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
  at: number;
  binary?: true;
}

export interface LogPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page, null at the end of what exists now. */
  nextCursor: number | null;
  /** Pass as `before` for the previous page, null at the start. */
  prevCursor: number | null;
  lastSeq: number;
}

export function parseFormat(value: unknown, allowed: readonly string[] = LOG_FORMATS): LogFormat {
  const v = value ?? 'messages';
  if (typeof v !== 'string' || !allowed.includes(v)) throw invalid('format', `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as LogFormat;
}

export function toLogItem(e: ReplayEntry): LogItem {
  const item: LogItem = { seq: e.seq, stream: e.stream, text: e.text ?? entryText(e).replace(/\r?\n$/, ''), at: e.at };
  if (e.text === null) item.binary = true;
  return item;
}

export function pageRecords(records: readonly LogRecord[], format: AgentFormat | null, q: LogPageQuery): LogPage<LogItem | Message> {
  const all: (LogItem | Message)[] =
    q.format === 'messages' ? toMessages(records) : q.format === 'folded' ? foldedEntries(records).map(toLogItem) : expandRecords(records, { repeats: q.format === 'raw' }).map(toLogItem);
  return paginate(all, q);
}

export function paginate<T extends { seq: number }>(all: T[], q: Omit<LogPageQuery, 'format'>): LogPage<T> {
  const limit = Math.min(Math.max(q.limit ?? 1000, 1), 100_000);
  const lastSeq = all.length > 0 ? all[all.length - 1]!.seq : -1;
  let from: number;
  let to: number;
  if (q.tail !== undefined) {
    to = q.before !== undefined ? lowerBound(all, q.before) : all.length;
    from = Math.max(0, to - q.tail);
  } else if (q.before !== undefined) {
    to = lowerBound(all, q.before);
    from = Math.max(0, to - limit);
  } else {
    from = q.cursor !== undefined ? lowerBound(all, q.cursor + 1) : 0;
    to = Math.min(all.length, from + limit);
  }
  const items = all.slice(from, to);
  return {
    items,
    nextCursor: to < all.length ? (to > 0 ? all[to - 1]!.seq : -1) : null,
    prevCursor: from > 0 ? all[from]!.seq : null,
    lastSeq,
  };
}

/** Index of the first item with seq >= target. */
function lowerBound<T extends { seq: number }>(all: T[], target: number): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.seq < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
