// `GET /api/executions/:id/logs?format=conversation&entry=I&from=F&chars=N`: a piece of one entry's text as
// text/plain (what "Show all" of a cut entry reveals piece by piece). Offsets count UTF-16 code units, as the
// page's strings do; a piece never ends inside a surrogate pair, and its response is streamed in small slices.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { invalid } from '../../errors.js';
import type { ConversationEntry } from '../../conversation/types.js';
import { ENTRY_TEXT_HEADERS, ENTRY_TEXT_PARTS, type EntryTextPart } from '../../protocol/headers.js';
import type { LogsQuery } from '../../protocol/schemas.js';
import type { Execution } from '../../store/types.js';
import type { ConversationCache } from '../conversation-cache.js';
import { intParam } from '../query.js';
import { WeightedLru } from '../weighted-lru.js';

/** Characters of a piece when `chars` is absent, and at most. */
export const ENTRY_TEXT_DEFAULT = 256 * 1024;
export const ENTRY_TEXT_MAX = 4 * 1024 * 1024;
/** Characters encoded per chunk written to the socket. */
const SLICE = 64 * 1024;

/** Characters of finished runs' entry texts kept between pieces (reading one again decodes its whole stored page). */
const KEPT_CHARS = 96 * 1024 * 1024;
/** One cache per server (its ConversationCache). */
const kept = new WeakMap<ConversationCache, WeightedLru<string>>();

/** Parameters that choose something else than one entry's text: refused beside `entry`. */
const EXCLUSIVE = ['tail', 'before', 'cursor', 'limit', 'full', 'stored', 'download', 'as'] as const;

/** Whether the query asks for a piece of an entry's text (`entry`, `from`, `chars` or `part` present). */
export function wantsEntryText(q: LogsQuery): boolean {
  return q.entry !== undefined || q.from !== undefined || q.chars !== undefined || q.part !== undefined;
}

export async function sendEntryText(
  reply: FastifyReply,
  conversations: ConversationCache,
  e: Execution,
  q: LogsQuery,
): Promise<FastifyReply> {
  if (q.format !== 'conversation')
    throw invalid(
      'format',
      `entry/from/chars/part are for format=conversation, not ${q.format ?? 'messages'}`,
    );
  for (const name of EXCLUSIVE)
    if (q[name] !== undefined)
      throw invalid(name, 'cannot be combined with entry (a piece of one entry text)');
  const index = intParam(q.entry, 'entry', 0);
  if (index === undefined)
    throw invalid('entry', 'is required with from/chars/part (a top-level entry index)');
  const from = intParam(q.from, 'from', 0) ?? 0;
  const chars = intParam(q.chars, 'chars', 1, ENTRY_TEXT_MAX) ?? ENTRY_TEXT_DEFAULT;
  const part: EntryTextPart = q.part ?? 'text';
  const read = async () => {
    const page = await conversations.page(e, { tail: 1, before: index + 1, full: true });
    const entry = page.start === index ? page.items[0] : undefined;
    if (entry === undefined)
      throw invalid('entry', `must be below ${page.total} (the top-level entries), got ${index}`);
    return entryText(entry, part);
  };
  // A finished run's texts never change: the next piece is cut from the same string.
  let cache = kept.get(conversations);
  if (cache === undefined) kept.set(conversations, (cache = new WeightedLru<string>(KEPT_CHARS)));
  const text = e.compacted
    ? await cache.get(`${e.id}:${index}:${part}`, (t) => t.length, read)
    : await read();
  if (from > text.length)
    throw invalid('from', `must be at most ${text.length} (the text's length), got ${from}`);
  const [start, end] = pieceBounds(text, from, chars);
  reply
    .type('text/plain; charset=utf-8')
    .header(ENTRY_TEXT_HEADERS.length, String(text.length))
    .header(ENTRY_TEXT_HEADERS.next, String(end))
    .header('cache-control', 'no-store');
  return reply.send(Readable.from(slices(text, start, end)));
}

/** The text of `part` of an entry; a 400 naming `part` when the entry has none. */
function entryText(e: ConversationEntry, part: EntryTextPart): string {
  if (e.kind === 'tool-call') {
    if (part === 'input') return e.inputText;
    if (part === 'result' && e.result !== undefined) return e.result.text;
  } else if (part === 'text' && 'text' in e) return e.text;
  throw invalid('part', `a ${e.kind} entry has no ${part} text (parts: ${ENTRY_TEXT_PARTS.join(', ')})`);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * [start, end) of the piece asked: a start inside a surrogate pair moves back to the pair, an end inside one
 * moves back before it (moved forward past it when the piece would be empty), so UTF-8 never gets half a character.
 */
export function pieceBounds(text: string, from: number, chars: number): [number, number] {
  let start = from;
  if (start > 0 && start < text.length && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1)))
    start--;
  let end = Math.min(text.length, start + chars);
  if (end > start && end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1)))
    end = end - 1 > start ? end - 1 : end + 1;
  return [start, end];
}

function* slices(text: string, start: number, end: number): Generator<Buffer> {
  for (let i = start; i < end;) {
    let j = Math.min(end, i + SLICE);
    // Slices split pairs neither: the last one ends at `end`, which splits none.
    if (j < end && isHigh(text.charCodeAt(j - 1))) j++;
    yield Buffer.from(text.slice(i, j), 'utf8');
    i = j;
  }
}
