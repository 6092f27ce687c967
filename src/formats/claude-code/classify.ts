// Classifies Claude Code stream-json lines: foldable deltas, per-delta progress lines, block/message
// structure, or anything else. Deltas are read in place (json-scan) and only the fields folding needs are
// looked at: any other field, known or not, in any order or spacing, stays in the line's skeleton.
import type { Classified, ControlLine, DeltaLine } from '../format.js';
import { keyIs, readString, skipWs } from '../json-scan.js';
import { find, isString, members } from '../json-members.js';
import { newDelta, setPayload } from '../delta-payload.js';

const OTHER: Classified = { kind: 'other' };
const PROGRESS: Classified & { kind: 'progress' } = { kind: 'progress', parent: undefined };

/** The payload field of each delta type Claude Code streams; other types fold on their first string field. */
const PAYLOAD_FIELD: Record<string, string> = {
  text_delta: 'text',
  thinking_delta: 'thinking',
  signature_delta: 'signature',
  input_json_delta: 'partial_json',
};

/** Reused result objects (the DeltaLine contract: callers copy what they keep). */
const delta: DeltaLine = newDelta();
const DELTA: Classified = { kind: 'delta', delta };
const unfoldable = (reason: string): Classified => ({ kind: 'unfoldable', reason });

const top: number[] = [];
const ev: number[] = [];
const dl: number[] = [];

export function classifyClaudeLine(line: string): Classified {
  if (line.charCodeAt(0) !== 123 /* { */) return OTHER;
  if (line.indexOf('"content_block_delta"') !== -1) {
    const c = classifyDelta(line);
    if (c !== null) return c;
  } else if (line.indexOf('_tokens"') !== -1) {
    const c = classifyProgress(line);
    if (c !== null) return c;
  }
  return line.indexOf('"stream_event"') === -1 ? OTHER : classifyByParsing(line);
}

/** A content_block_delta line; null when the line is something else that merely mentions one. */
function classifyDelta(line: string): Classified | null {
  const end = members(line, 0, top);
  if (end < 0) return null;
  if (!isString(line, top, find(line, top, 'type'), 'stream_event')) return null;
  const e = find(line, top, 'event');
  if (
    e < 0 ||
    members(line, top[e]!, ev) < 0 ||
    !isString(line, ev, find(line, ev, 'type'), 'content_block_delta')
  )
    return null;
  if (skipWs(line, end) !== line.length) return unfoldable('trailing text');
  const ix = find(line, ev, 'index');
  const d = find(line, ev, 'delta');
  if (ix < 0 || d < 0) return unfoldable('no index or delta');
  const indexText = line.slice(ev[ix]!, ev[ix + 1]!);
  const index = Number(indexText);
  if (!Number.isSafeInteger(index) || index < 0 || String(index) !== indexText)
    return unfoldable('index not a plain integer');
  if (members(line, ev[d]!, dl) < 0) return unfoldable('delta not an object');
  const t = find(line, dl, 'type');
  const deltaType = t < 0 || line.charCodeAt(dl[t]!) !== 34 ? null : readString(line, dl[t]!, dl[t + 1]!);
  if (deltaType === null) return unfoldable('delta without a type');
  const p = payloadSpan(line, deltaType);
  if (p < 0) return unfoldable(`${deltaType}: no string payload`);
  const problem = setPayload(delta, line, dl[p]!, dl[p + 1]!);
  if (problem !== null) return unfoldable(problem);
  const par = find(line, top, 'parent_tool_use_id');
  let parent: string | null = null;
  if (par >= 0 && line.charCodeAt(top[par]!) === 34) {
    parent = readString(line, top[par]!, top[par + 1]!);
    if (parent === null) return unfoldable('parent_tool_use_id not a valid string');
  } else if (par >= 0 && !(top[par + 1]! - top[par]! === 4 && line.startsWith('null', top[par]!)))
    return unfoldable('parent_tool_use_id not a string');
  const u = find(line, top, 'uuid');
  delta.parent = parent;
  delta.index = index;
  delta.deltaType = deltaType;
  delta.field = PAYLOAD_FIELD[deltaType] ?? readString(line, dl[p - 2]!, dl[p - 1]!) ?? '';
  delta.dedupeKey = u >= 0 && line.charCodeAt(top[u]!) === 34 ? line.slice(top[u]!, top[u + 1]!) : line;
  return DELTA;
}

/** Value span index of the delta's payload: its known field, else the first string member other than `type`. */
function payloadSpan(line: string, deltaType: string): number {
  const known = PAYLOAD_FIELD[deltaType];
  if (known !== undefined) {
    const at = find(line, dl, known);
    return at >= 0 && line.charCodeAt(dl[at]!) === 34 ? at : -1;
  }
  for (let i = 0; i < dl.length; i += 4) {
    if (!keyIs(line, dl[i]!, dl[i + 1]!, 'type') && line.charCodeAt(dl[i + 2]!) === 34) return i + 2;
  }
  return -1;
}

/** `{"type":"system","subtype":"thinking_tokens",…}` and other `…_tokens` progress counters. */
function classifyProgress(line: string): Classified | null {
  const end = members(line, 0, top);
  if (end < 0 || skipWs(line, end) !== line.length || !isString(line, top, find(line, top, 'type'), 'system'))
    return null;
  const st = find(line, top, 'subtype');
  if (st < 0 || line.charCodeAt(top[st]!) !== 34 || !line.endsWith('_tokens"', top[st + 1]!)) return null;
  const par = find(line, top, 'parent_tool_use_id');
  PROGRESS.parent =
    par < 0
      ? undefined
      : line.charCodeAt(top[par]!) === 34
        ? readString(line, top[par]!, top[par + 1]!)
        : null;
  return PROGRESS;
}

/** Parses a line; returns null for anything that is not a JSON object. */
function parseObject(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Block and message structure (rare lines: parsed whole). */
export function classifyByParsing(line: string): Classified {
  const obj = parseObject(line);
  if (obj === null || obj.type !== 'stream_event') return OTHER;
  const event = obj.event as Record<string, unknown> | undefined;
  if (event === null || typeof event !== 'object') return OTHER;
  const parent = obj.parent_tool_use_id;
  if (parent !== undefined && parent !== null && typeof parent !== 'string') return OTHER;
  const p = (parent ?? null) as string | null;
  switch (event.type) {
    case 'message_start': {
      const message = event.message as { id?: unknown } | undefined;
      const id = message && typeof message.id === 'string' ? message.id : '';
      return control({ kind: 'message_start', parent: p, messageId: id });
    }
    case 'content_block_start': {
      if (typeof event.index !== 'number') return OTHER;
      const block = (event.content_block ?? {}) as { type?: unknown; name?: unknown; id?: unknown };
      return control({
        kind: 'block_start',
        parent: p,
        index: event.index,
        blockType: typeof block.type === 'string' ? block.type : 'unknown',
        toolName: typeof block.name === 'string' ? block.name : null,
        toolId: typeof block.id === 'string' ? block.id : null,
      });
    }
    case 'content_block_stop':
      return typeof event.index === 'number'
        ? control({ kind: 'block_stop', parent: p, index: event.index })
        : OTHER;
    case 'message_stop':
      return control({ kind: 'message_stop', parent: p });
    default:
      return OTHER;
  }
}

function control(c: ControlLine): Classified {
  return { kind: 'control', control: c };
}
