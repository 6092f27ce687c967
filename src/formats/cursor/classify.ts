// Classifies Cursor CLI (`cursor-agent -p --output-format stream-json --stream-partial-output`) lines.
// Deltas: `thinking` lines with subtype `delta` (the only copy of the thinking) and, with partial output,
// `assistant` lines that have `timestamp_ms` but no `model_call_id`, each carrying one text chunk in
// `message.content[0].text`; the segment then comes again whole (with `model_call_id`) and is kept as
// a line. Cursor has no block indexes: every other JSON line ends the current run (block 0).
import type { Classified } from '../format.js';
import { skipWs } from '../json-scan.js';
import { find, isString, members, onlyElement } from '../json-members.js';
import { newDelta, setPayload } from '../delta-payload.js';

const OTHER: Classified = { kind: 'other' };
const BOUNDARY: Classified = { kind: 'control', control: { kind: 'block_stop', parent: null, index: 0 } };
const delta = newDelta();
const DELTA: Classified = { kind: 'delta', delta };
const unfoldable = (reason: string): Classified => ({ kind: 'unfoldable', reason });
const top: number[] = [];
const inner: number[] = [];
const el: number[] = [0, 0];

export function classifyCursorLine(line: string): Classified {
  if (line.charCodeAt(0) !== 123 /* { */) return OTHER;
  const end = members(line, 0, top);
  if (end < 0) return BOUNDARY;
  const t = find(line, top, 'type');
  if (isString(line, top, t, 'thinking')) {
    if (!isString(line, top, find(line, top, 'subtype'), 'delta')) return BOUNDARY;
    if (skipWs(line, end) !== line.length) return unfoldable('trailing text');
    const x = find(line, top, 'text');
    if (x < 0) return unfoldable('thinking delta without text');
    return fill('thinking', 'text', line, top[x]!, top[x + 1]!);
  }
  // A text chunk: an assistant line stamped with timestamp_ms and not tied to a model call.
  if (
    !isString(line, top, t, 'assistant') ||
    find(line, top, 'timestamp_ms') < 0 ||
    find(line, top, 'model_call_id') >= 0
  )
    return BOUNDARY;
  if (skipWs(line, end) !== line.length) return unfoldable('trailing text');
  const m = find(line, top, 'message');
  if (m < 0 || members(line, top[m]!, inner) < 0) return unfoldable('assistant chunk without a message');
  const c = find(line, inner, 'content');
  if (c < 0 || !onlyElement(line, inner[c]!, el) || members(line, el[0]!, inner) < 0)
    return unfoldable('assistant chunk without exactly one content block');
  const x = find(line, inner, 'text');
  if (!isString(line, inner, find(line, inner, 'type'), 'text') || x < 0)
    return unfoldable('assistant chunk not a text block');
  return fill('assistant', 'text', line, inner[x]!, inner[x + 1]!);
}

function fill(deltaType: string, field: string, line: string, start: number, stop: number): Classified {
  delta.deltaType = deltaType;
  delta.field = field;
  const problem = setPayload(delta, line, start, stop);
  return problem === null ? DELTA : unfoldable(problem);
}
