// Classifies Gemini CLI `--output-format stream-json` lines. The model's text arrives only as `message`
// lines with `role: "assistant"` and `delta: true`, one per model chunk; a run of them is one block,
// ended by any other event (tool_use, tool_result, error, result, the next user message). Gemini has
// no block indexes or message ids, so every other JSON line is reported as the stop of block 0.
import type { Classified } from '../format.js';
import { skipWs } from '../json-scan.js';
import { find, isString, isTrue, members } from '../json-members.js';
import { newDelta, setPayload } from '../delta-payload.js';

const OTHER: Classified = { kind: 'other' };
/** Any other event ends the current run of assistant chunks. */
const BOUNDARY: Classified = { kind: 'control', control: { kind: 'block_stop', parent: null, index: 0 } };
const delta = newDelta();
delta.deltaType = 'message';
delta.field = 'content';
const DELTA: Classified = { kind: 'delta', delta };
const top: number[] = [];

export function classifyGeminiLine(line: string): Classified {
  if (line.charCodeAt(0) !== 123 /* { */) return OTHER;
  // Cheap reject: only chunk lines carry `"delta"`.
  if (line.indexOf('"delta"') === -1) return BOUNDARY;
  const end = members(line, 0, top);
  if (end < 0 || !isString(line, top, find(line, top, 'type'), 'message')) return BOUNDARY;
  if (
    !isTrue(line, top, find(line, top, 'delta')) ||
    !isString(line, top, find(line, top, 'role'), 'assistant')
  )
    return BOUNDARY;
  if (skipWs(line, end) !== line.length) return { kind: 'unfoldable', reason: 'trailing text' };
  const c = find(line, top, 'content');
  if (c < 0) return { kind: 'unfoldable', reason: 'message chunk without content' };
  const problem = setPayload(delta, line, top[c]!, top[c + 1]!);
  return problem === null ? DELTA : { kind: 'unfoldable', reason: problem };
}
