// Classifies Codex output. Three shapes share one classifier (a stream is only ever one of them):
// - `codex app-server` JSON-RPC notifications: `item/agentMessage/delta`, `item/reasoning/textDelta`,
//   `item/reasoning/summaryTextDelta`, `item/commandExecution/outputDelta`… with `params.itemId` and
//   `params.delta` fold into one block per item (and per content/summary index); `item/completed` ends it.
// - `codex exec --json` (`thread.started`, `item.completed`…): no deltas, every line is kept as it is.
// - the old `{"id","msg":{…}}` envelope: `agent_message_delta` / `agent_reasoning_delta` runs fold,
//   any other `msg` ends the run.
import type { Classified } from '../format.js';
import { readString, skipWs } from '../json-scan.js';
import { find, members } from '../json-members.js';
import { newDelta, setPayload } from '../delta-payload.js';

const OTHER: Classified = { kind: 'other' };
const LEGACY_BOUNDARY: Classified = {
  kind: 'control',
  control: { kind: 'block_stop', parent: null, index: 0 },
};
const delta = newDelta();
const DELTA: Classified = { kind: 'delta', delta };
const unfoldable = (reason: string): Classified => ({ kind: 'unfoldable', reason });
const top: number[] = [];
const params: number[] = [];

export function classifyCodexLine(line: string): Classified {
  if (line.charCodeAt(0) !== 123 /* { */) return OTHER;
  if (line.startsWith('{"type":')) return OTHER; // exec --json: the common case, decided without a scan
  const end = members(line, 0, top);
  if (end < 0) return OTHER;
  const m = find(line, top, 'method');
  if (m >= 0) return notification(line, end, m);
  const msg = find(line, top, 'msg');
  return msg >= 0 ? legacy(line, end, msg) : OTHER;
}

function notification(line: string, end: number, m: number): Classified {
  const method = line.charCodeAt(top[m]!) === 34 ? readString(line, top[m]!, top[m + 1]!) : null;
  if (method === null || !method.startsWith('item/')) return OTHER;
  const p = find(line, top, 'params');
  if (p < 0 || members(line, top[p]!, params) < 0) return OTHER;
  if (method === 'item/completed') {
    const it = find(line, params, 'item');
    const item: number[] = [];
    if (it < 0 || members(line, params[it]!, item) < 0) return OTHER;
    const id = find(line, item, 'id');
    const itemId =
      id >= 0 && line.charCodeAt(item[id]!) === 34 ? readString(line, item[id]!, item[id + 1]!) : null;
    return itemId === null
      ? OTHER
      : { kind: 'control', control: { kind: 'message_stop', parent: null, messageId: itemId } };
  }
  if (!method.endsWith('/delta') && !method.endsWith('Delta')) return OTHER;
  if (skipWs(line, end) !== line.length) return unfoldable('trailing text');
  const d = find(line, params, 'delta');
  const id = find(line, params, 'itemId');
  const itemId =
    id >= 0 && line.charCodeAt(params[id]!) === 34 ? readString(line, params[id]!, params[id + 1]!) : null;
  if (d < 0 || itemId === null) return unfoldable(`${method}: no itemId or delta`);
  const ix =
    find(line, params, 'contentIndex') >= 0
      ? find(line, params, 'contentIndex')
      : find(line, params, 'summaryIndex');
  const index = ix < 0 ? 0 : Number(line.slice(params[ix]!, params[ix + 1]!));
  if (!Number.isSafeInteger(index) || index < 0) return unfoldable(`${method}: index not a plain integer`);
  delta.block = itemId;
  delta.index = index;
  delta.deltaType = method;
  delta.field = 'delta';
  const problem = setPayload(delta, line, params[d]!, params[d + 1]!);
  return problem === null ? DELTA : unfoldable(problem);
}

function legacy(line: string, end: number, msg: number): Classified {
  if (members(line, top[msg]!, params) < 0) return OTHER;
  const t = find(line, params, 'type');
  const type =
    t >= 0 && line.charCodeAt(params[t]!) === 34 ? readString(line, params[t]!, params[t + 1]!) : null;
  if (
    type !== 'agent_message_delta' &&
    type !== 'agent_reasoning_delta' &&
    type !== 'agent_reasoning_raw_content_delta'
  )
    return LEGACY_BOUNDARY;
  if (skipWs(line, end) !== line.length) return unfoldable('trailing text');
  const d = find(line, params, 'delta');
  if (d < 0) return unfoldable(`${type}: no delta`);
  delta.block = undefined;
  delta.index = 0;
  delta.deltaType = type;
  delta.field = 'delta';
  const problem = setPayload(delta, line, params[d]!, params[d + 1]!);
  return problem === null ? DELTA : unfoldable(problem);
}
