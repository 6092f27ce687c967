// Pages of a built conversation for the page: a window of top-level entries (tail-first), long texts cut, and text search.
import type { ConversationEntry } from '../conversation/types.js';

export interface ConversationPage {
  items: ConversationEntry[];
  /** Index of items[0] among the top-level entries. */
  start: number;
  /** Top-level entries in the whole run. */
  total: number;
  lastSeq: number;
}

/** Characters of one text sent to the page; longer texts come cut, marked `truncated`, whole on request (`full=1`). */
export const MAX_ENTRY_TEXT = 64 * 1024;

/** The `tail` top-level entries before index `before` (default: the end). */
export function conversationPage(
  all: readonly ConversationEntry[],
  lastSeq: number,
  q: PageQuery,
): ConversationPage {
  const { start, end } = pageWindow(all.length, q);
  return windowPage(all.slice(start, end), start, all.length, lastSeq, q);
}

export interface PageQuery {
  tail?: number;
  before?: number;
  full?: boolean;
}

/** Which top-level entries [start, end) of `total` a query asks for. */
export function pageWindow(total: number, q: PageQuery): { start: number; end: number } {
  const end = Math.min(total, q.before ?? total);
  return { start: Math.max(0, end - (q.tail ?? total)), end };
}

/** The page of entries [start, start + slice.length) of a run of `total` (texts cut unless `full`). */
export function windowPage(
  slice: ConversationEntry[],
  start: number,
  total: number,
  lastSeq: number,
  q: PageQuery,
): ConversationPage {
  return { items: q.full === true ? slice : slice.map((e) => cut(e, MAX_ENTRY_TEXT)), start, total, lastSeq };
}

/** `s` cut to `max` characters, or one fewer rather than half a surrogate pair (the rest is asked for from there). */
const clip = (s: string, max: number) => {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
};

/** A copy of `e` whose texts (its children's too) are at most `max` characters, marked `truncated` if any was cut. */
export function cut(e: ConversationEntry, max: number): ConversationEntry {
  let long = 'text' in e && e.text.length > max;
  if (e.kind === 'tool-call') {
    const children = e.children.map((c) => cut(c, max));
    long ||= e.inputText.length > max || (e.result?.text.length ?? 0) > max;
    if (!long && children.every((c, i) => c === e.children[i])) return e;
    const out = { ...e, children, inputText: clip(e.inputText, max), ...(long ? { truncated: true } : {}) };
    // A huge input is shown from its (cut) text, not parsed.
    if (e.inputText.length > max) out.input = null;
    if (e.result !== undefined) out.result = { ...e.result, text: clip(e.result.text, max) };
    return out;
  }
  if (!long) return e;
  return { ...e, text: clip((e as { text: string }).text, max), truncated: true } as ConversationEntry;
}

/** Whether `needle` (lower case) occurs in any text of `e` or its children. */
function matches(e: ConversationEntry, needle: string): boolean {
  if ('text' in e && e.text.toLowerCase().includes(needle)) return true;
  if (e.kind !== 'tool-call') return false;
  if (e.name.toLowerCase().includes(needle) || e.inputText.toLowerCase().includes(needle)) return true;
  if (e.result !== undefined && e.result.text.toLowerCase().includes(needle)) return true;
  return e.children.some((c) => matches(c, needle));
}

/** Top-level indexes of the entries containing `q` (case-insensitive), at most `limit`, and how many match in all. */
export function searchConversation(
  all: readonly ConversationEntry[],
  q: string,
  limit: number,
): { hits: { index: number; id: string; seq: number }[]; count: number } {
  const needle = q.toLowerCase();
  const hits: { index: number; id: string; seq: number }[] = [];
  let count = 0;
  all.forEach((e, index) => {
    if (!matches(e, needle)) return;
    count++;
    if (hits.length < limit) hits.push({ index, id: e.id, seq: e.seq });
  });
  return { hits, count };
}
