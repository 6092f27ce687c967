// The rest of a cut entry's text, revealed piece by piece ("Show all", then "Show more"): each piece a bounded
// request (logs?format=conversation&entry=) drawn in its own block, and no more than MAX_DRAWN characters in the page.
import type { ConversationEntry } from 'tokenfold/conversation';
import { ENTRY_TEXT_HEADERS, type EntryTextPart } from 'tokenfold/protocol';
import { request } from '../lib/api.js';

/** Characters of a text the server sends in a page (src/replay/conversation-page.ts MAX_ENTRY_TEXT). */
export const CUT_AT = 64 * 1024;
/** Characters fetched per piece. */
export const PIECE = 256 * 1024;
/** Characters drawn for one entry at most (the cut text included); the rest is for the download. */
export const MAX_DRAWN = 4 * 1024 * 1024;

/**
 * Characters per drawn block: Chromium lays out a long unbroken line in time that grows faster than its length
 * (a 256 Ki piece took seconds), so a piece is drawn as blocks of this many characters, each wrapped on its own.
 */
export const BLOCK = 4 * 1024;
/** Blocks mounted per animation frame (4 Ki characters: a few ms of layout on a 2-core machine). */
export const BLOCKS_PER_FRAME = 1;

export interface MoreText {
  /** The text after the cut, as drawn: blocks of at most BLOCK characters, in order. */
  readonly blocks: readonly string[];
  /** Where the next piece starts, in the whole text (UTF-16 units). */
  readonly next: number;
  /** The whole text's length, known after the first piece. */
  readonly length: number | null;
  readonly loading: boolean;
}

/** Which text of a cut entry is revealed: a tool call's result when that was cut, else its input. */
export function cutPart(e: ConversationEntry, cutAt: number): { part: EntryTextPart; shown: number } {
  if (e.kind !== 'tool-call') return { part: 'text', shown: 'text' in e ? e.text.length : 0 };
  const result = e.result?.text.length ?? 0;
  return result >= cutAt ? { part: 'result', shown: result } : { part: 'input', shown: e.inputText.length };
}

/** `text` in blocks of BLOCK characters, one fewer where a block would end inside a surrogate pair. */
export function toBlocks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let j = Math.min(text.length, i + BLOCK);
    const c = text.charCodeAt(j - 1);
    if (j < text.length && c >= 0xd800 && c <= 0xdbff) j--;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** Whether more can be drawn: the text goes on and the cap is not reached. */
export function canShowMore(m: MoreText): boolean {
  return m.length === null || (m.next < m.length && m.next < MAX_DRAWN);
}

/** The next piece of entry `index`'s `part` from `from`, capped so that no more than MAX_DRAWN is drawn. */
export async function fetchPiece(
  path: string,
  index: number,
  part: EntryTextPart,
  from: number,
  signal: AbortSignal,
): Promise<{ text: string; next: number; length: number }> {
  const chars = Math.min(PIECE, MAX_DRAWN - from);
  const res = await request(path, {
    params: { format: 'conversation', entry: index, part, from, chars },
    accept: 'text/plain',
    signal,
  });
  const text = await res.text();
  return {
    text,
    next: Number(res.headers.get(ENTRY_TEXT_HEADERS.next)),
    length: Number(res.headers.get(ENTRY_TEXT_HEADERS.length)),
  };
}
