// Fast path for the commonest line, a streamed delta: read its fields without JSON.parse of the whole line.

export interface DeltaFields {
  index: number;
  /** text_delta, thinking_delta, input_json_delta… */
  deltaType: string;
  payload: string;
  parent: string | null;
}

const PREFIX = '{"type":"stream_event","event":{"type":"content_block_delta","index":';
/** Delta type → the text that must follow it: the payload's key. */
const KEY_OF: Record<string, string> = {
  text_delta: '","text":"',
  thinking_delta: '","thinking":"',
  input_json_delta: '","partial_json":"',
};
const PARENT = ',"parent_tool_use_id":';

/**
 * The fields of a delta line in Claude Code's own key order, or null for anything else (the caller then
 * parses the line fully). About twice as fast as JSON.parse: 18 ms instead of 39 ms for the 25,085 delta
 * lines of `syntheticRun({ deltas: 25_000 })` (best of 30, Node 20), most of the builder's time per token.
 */
export function readDelta(line: string): DeltaFields | null {
  if (!line.startsWith(PREFIX)) return null;
  let i = PREFIX.length;
  let index = 0;
  const digitsFrom = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i))
    index = index * 10 + (c - 48);
  if (i === digitsFrom || !line.startsWith(',"delta":{"type":"', i)) return null;
  i += 18;
  const typeEnd = line.indexOf('"', i);
  if (typeEnd === -1) return null;
  const deltaType = line.slice(i, typeEnd);
  const key = KEY_OF[deltaType];
  if (key === undefined || !line.startsWith(key, typeEnd)) return null;
  const start = typeEnd + key.length;
  const end = stringEnd(line, start);
  // The delta and event objects must close right after the payload: nothing else hides in them.
  if (end === -1 || !line.startsWith('}}', end + 1)) return null;
  const raw = line.slice(start, end);
  let payload: string;
  try {
    payload = raw.indexOf('\\') === -1 ? raw : (JSON.parse(`"${raw}"`) as string);
  } catch {
    return null;
  }
  return { index, deltaType, payload, parent: readParent(line, end + 3) };
}

/** Index of the quote closing the JSON string that starts at `from`, or -1. */
function stringEnd(s: string, from: number): number {
  let q = s.indexOf('"', from);
  while (q !== -1) {
    let slashes = 0;
    for (let k = q - 1; k >= from && s.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return -1;
}

/** parent_tool_use_id among the top-level fields after the event (session_id, uuid: plain strings). */
function readParent(line: string, from: number): string | null {
  const at = line.indexOf(PARENT, from - 1);
  if (at === -1) return null;
  const v = at + PARENT.length;
  if (line.charCodeAt(v) !== 34 /* " */) return null;
  const close = line.indexOf('"', v + 1);
  return close === -1 ? null : line.slice(v + 1, close);
}
