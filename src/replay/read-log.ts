// One read API for every consumer (CLI, HTTP): a format, cursor pagination forwards, or a tail.
import type { AgentFormat } from '../formats/format.js';
import { invalid } from '../errors.js';
import type { LogRecord } from '../records/types.js';
import { entryText, type ReplayEntry } from './entry.js';
import { slicer } from '../util/turns.js';
import { expandRecords, visibleSeqs } from './expand.js';
import { toMessages, type Message } from './messages.js';
import type { LineHistory } from './line-history.js';
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
  if (typeof v !== 'string' || !allowed.includes(v))
    throw invalid('format', `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as LogFormat;
}

export function toLogItem(e: ReplayEntry): LogItem {
  const item: LogItem = {
    seq: e.seq,
    stream: e.stream,
    text: e.text ?? entryText(e).replace(/\r?\n$/, ''),
    at: e.at,
  };
  if (e.text === null) item.binary = true;
  return item;
}

export function pageRecords(
  records: readonly LogRecord[],
  format: AgentFormat | null,
  q: LogPageQuery,
): LogPage<LogItem | Message> {
  if (q.format === 'deltas' || q.format === 'raw') return pageLines(records, q.format === 'raw', q);
  const all: (LogItem | Message)[] =
    q.format === 'messages' ? toMessages(records) : foldedEntries(records).map(toLogItem);
  return paginate(all, q);
}

/**
 * A page of a line view (`deltas`, `raw`): cut from the sorted seqs first, then only its lines are
 * regenerated, so a page of a million-line history costs the page, not the history.
 */
function pageLines(records: readonly LogRecord[], repeats: boolean, q: LogPageQuery): LogPage<LogItem> {
  const seqs = visibleSeqs(records, repeats);
  const w = pageWindow(seqs.length, (i) => seqs[i]!, q);
  const items =
    w.to > w.from
      ? expandRecords(records, { afterSeq: seqs[w.from]! - 1, toSeq: seqs[w.to - 1]!, repeats }).map(
          toLogItem,
        )
      : [];
  return { items, nextCursor: w.nextCursor, prevCursor: w.prevCursor, lastSeq: w.lastSeq };
}

/** Lines regenerated per slice when a page is built beside other work, and text handed on per step. */
const SLICE_ITEMS = 4096;
const SLICE_CHARS = 1024 * 1024;

/**
 * A line view's page (`deltas`, `raw`; up to 100,000 lines) for a server: its cursors at once, its items
 * regenerated in slices as `slices` is iterated (the caller lets the event loop turn between them, and may
 * stop early; a large page is sent as it is made, never held whole), from only the rows holding them.
 */
export async function pageLinesSliced(
  history: LineHistory,
  q: LogPageQuery & { format: 'deltas' | 'raw' },
  item: (e: ReplayEntry) => object = toLogItem,
): Promise<Omit<LogPage<LogItem>, 'items'> & { slices: () => AsyncGenerator<LogItem[]> }> {
  const repeats = q.format === 'raw';
  const seqs = history.seqs(repeats);
  const w = pageWindow(seqs.length, (i) => seqs.at(i), q);
  async function* slices(): AsyncGenerator<LogItem[]> {
    const turn = slicer();
    for await (const items of history.lines(w.from, w.to, repeats, SLICE_ITEMS)) {
      // Long lines (1 MB pieces) a few at a time: 67 of them serialised in one slice held the loop 0.24 s.
      for (let from = 0, to = 0; from < items.length; from = to) {
        for (let chars = 0; to < items.length && (to === from || chars < SLICE_CHARS); to++)
          chars += items[to]!.text?.length ?? items[to]!.bytes!.length;
        yield items.slice(from, to).map(item) as LogItem[];
        await turn();
      }
    }
  }
  return { nextCursor: w.nextCursor, prevCursor: w.prevCursor, lastSeq: w.lastSeq, slices };
}

export function paginate<T extends { seq: number }>(all: T[], q: Omit<LogPageQuery, 'format'>): LogPage<T> {
  const w = pageWindow(all.length, (i) => all[i]!.seq, q);
  return {
    items: all.slice(w.from, w.to),
    nextCursor: w.nextCursor,
    prevCursor: w.prevCursor,
    lastSeq: w.lastSeq,
  };
}

interface PageWindow {
  from: number;
  to: number;
  nextCursor: number | null;
  prevCursor: number | null;
  lastSeq: number;
}

/** Which of `n` items, with sorted seqs read by `at`, a query selects, and the cursors around them. */
function pageWindow(n: number, at: (i: number) => number, q: Omit<LogPageQuery, 'format'>): PageWindow {
  const limit = Math.min(Math.max(q.limit ?? 1000, 1), 100_000);
  const lastSeq = n > 0 ? at(n - 1) : -1;
  let from: number;
  let to: number;
  if (q.tail !== undefined) {
    to = q.before !== undefined ? lowerBound(n, at, q.before) : n;
    from = Math.max(0, to - q.tail);
  } else if (q.before !== undefined) {
    to = lowerBound(n, at, q.before);
    from = Math.max(0, to - limit);
  } else {
    from = q.cursor !== undefined ? lowerBound(n, at, q.cursor + 1) : 0;
    to = Math.min(n, from + limit);
  }
  return {
    from,
    to,
    nextCursor: to < n ? (to > 0 ? at(to - 1) : -1) : null,
    // A page past the end (a caught-up poller's cursor) is empty; its previous page ends with the last item.
    prevCursor: from > 0 ? (from < n ? at(from) : lastSeq + 1) : null,
    lastSeq,
  };
}

/** Index of the first item with seq >= target. */
function lowerBound(n: number, at: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
