// Classifies Claude Code stream-json lines: foldable deltas, block/message structure, or anything else.
import type { Classified, ControlLine, DeltaLine } from '../format.js';
import { fastDelta } from './fast-delta.js';

const CORE_KEYS = new Set(['type', 'event', 'session_id', 'parent_tool_use_id', 'uuid']);
const OTHER: Classified = { kind: 'other' };

/** Parses a line; returns null for anything that is not a JSON object. */
function parseObject(line: string): Record<string, unknown> | null {
  // Cheap reject before JSON.parse: every stream-json line is an object.
  if (line.charCodeAt(0) !== 123 /* { */) return null;
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function classifyClaudeLine(line: string): Classified {
  const fast = fastDelta(line);
  return fast !== null ? { kind: 'delta', delta: fast } : classifyByParsing(line);
}

/** The general path: parse the line and look at its structure. */
export function classifyByParsing(line: string): Classified {
  // Only stream_event lines are structure or deltas; skip parsing everything else.
  if (line.indexOf('"stream_event"') === -1) return OTHER;
  const obj = parseObject(line);
  if (obj === null || obj.type !== 'stream_event') return OTHER;
  const event = obj.event as Record<string, unknown> | undefined;
  if (event === null || typeof event !== 'object') return OTHER;
  const parent = obj.parent_tool_use_id;
  if (parent !== undefined && parent !== null && typeof parent !== 'string') return OTHER;
  const p = (parent ?? null) as string | null;
  switch (event.type) {
    case 'content_block_delta':
      return classifyDelta(line, obj, event, p);
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
      return typeof event.index === 'number' ? control({ kind: 'block_stop', parent: p, index: event.index }) : OTHER;
    case 'message_stop':
      return control({ kind: 'message_stop', parent: p });
    default:
      return OTHER;
  }
}

function control(c: ControlLine): Classified {
  return { kind: 'control', control: c };
}

/**
 * A delta folds only when the line has exactly the shape Claude Code prints, so that rendering it back
 * from its parts gives the same JSON value. Anything unusual stays a verbatim line.
 */
function classifyDelta(line: string, obj: Record<string, unknown>, event: Record<string, unknown>, parent: string | null): Classified {
  if (!hasKeys(event, 'type', 'index', 'delta') || typeof event.index !== 'number' || !Number.isSafeInteger(event.index)) return OTHER;
  const delta = event.delta as Record<string, unknown>;
  if (delta === null || typeof delta !== 'object' || typeof delta.type !== 'string') return OTHER;
  let field: string | null = null;
  let n = 0;
  for (const k in delta) {
    if (n === 0 && k !== 'type') return OTHER;
    if (n === 1) field = k;
    n++;
  }
  if (n !== 2 || field === null) return OTHER;
  const payload = delta[field];
  if (typeof payload !== 'string') return OTHER;
  const sessionId = obj.session_id;
  if (sessionId !== undefined && typeof sessionId !== 'string') return OTHER;
  const uuid = obj.uuid;
  if (uuid !== undefined && typeof uuid !== 'string') return OTHER;
  let template = '';
  const extras: number[] = [];
  for (const k in obj) {
    if (!CORE_KEYS.has(k)) {
      const v = obj[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || k.includes(',')) return OTHER;
      extras.push(v);
    }
    template = template === '' ? k : template + ',' + k;
  }
  if (!template.includes('type') || !template.includes('event')) return OTHER;
  const d: DeltaLine = {
    parent,
    index: event.index,
    deltaType: delta.type,
    field,
    payload,
    sessionId: (sessionId as string | undefined) ?? '',
    template,
    extras,
    dedupeKey: typeof uuid === 'string' ? uuid : line,
  };
  return { kind: 'delta', delta: d };
}

function hasKeys(o: Record<string, unknown>, a: string, b: string, c: string): boolean {
  let i = 0;
  for (const k in o) {
    if ((i === 0 && k !== a) || (i === 1 && k !== b) || (i === 2 && k !== c) || i > 2) return false;
    i++;
  }
  return i === 3;
}
