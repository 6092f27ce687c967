// What an imported execution's output is made of: the reader's re-joined lines, and every non-output
// record (JsonPatch, SessionId, Finished, …) as one stderr line in its place:
//   {"tokenfold_legacy_event":"<tag>","value":<value>}      (value null for unit variants like Finished)
// Kept on stderr so they never mix into an agent's stdout protocol (Claude stream-json folding).
import type { LegacyLine } from '../slow-layout/line-joiner.js';
import type { LegacyEvent } from '../slow-layout/slow-reader.js';

export type SourceEntry = LegacyLine | LegacyEvent;

export const EVENT_KEY = 'tokenfold_legacy_event';

export const EOL_TEXT = { lf: '\n', crlf: '\r\n', none: '' } as const;

export function eventText(tag: string, value: unknown): string {
  return JSON.stringify({ [EVENT_KEY]: tag, value: value === undefined ? null : value });
}

/** The entry as the line tokenfold stores: events become stderr lines ending in LF. */
export function asLine(e: SourceEntry): LegacyLine {
  return e.stream === 'event'
    ? { stream: 'stderr', text: eventText(e.tag, e.value), eol: 'lf', at: e.at }
    : e;
}

/** A line with no bytes at all (an empty malformed record without a newline) has nothing to keep. */
export function isEmptyLine(l: LegacyLine): boolean {
  return l.eol === 'none' && l.text.length === 0;
}
