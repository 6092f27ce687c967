// Fills a DeltaLine's payload from a JSON string span, checking that folding regenerates its exact text.
import type { DeltaLine } from './format.js';
import { readString } from './json-scan.js';
import { Escape, escapeOf } from '../records/json-text.js';

/** Sets payload, start, end and escape for the JSON string at line[start, end); returns why it cannot fold, or null. */
export function setPayload(d: DeltaLine, line: string, start: number, end: number): string | null {
  if (line.charCodeAt(start) !== 34) return 'payload not a string';
  const payload = readString(line, start, end);
  if (payload === null) return 'payload not a valid JSON string';
  // Folding stores the payload's value and regenerates its text: only when that gives the same text.
  const escape = end - start === payload.length + 2 ? Escape.Json : escapeOf(payload, line.slice(start, end));
  if (escape === null) return 'payload escaped unlike JSON.stringify or json.dumps';
  d.payload = payload;
  d.start = start;
  d.end = end;
  d.escape = escape;
  return null;
}

/** A fresh reusable DeltaLine for a format without line identities (no dedupe key). */
export function newDelta(): DeltaLine {
  return {
    parent: null,
    index: 0,
    deltaType: '',
    field: '',
    payload: '',
    start: 0,
    end: 0,
    escape: Escape.Json,
    dedupeKey: '',
  };
}
