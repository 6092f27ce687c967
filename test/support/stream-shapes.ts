// The shapes of a Claude Code stream-json output: fields per line kind, event/delta/block types, system subtypes.
// Used by the drift check (scripts/check-claude-latest.mjs) to name what a new CLI version prints that tokenfold has not seen.

export interface Shapes {
  /** Top-level fields per line kind: `assistant`, `system:init`, `stream_event:content_block_delta`, `result:success`, … */
  fields: Record<string, string[]>;
  /** `event.type` of stream_event lines. */
  eventTypes: string[];
  /** `event.delta.type` of content_block_delta events. */
  deltaTypes: string[];
  /** `event.content_block.type` of content_block_start events. */
  blockTypes: string[];
  /** `subtype` of system lines. */
  systemSubtypes: string[];
}

export const emptyShapes = (): Shapes => ({
  fields: {},
  eventTypes: [],
  deltaTypes: [],
  blockTypes: [],
  systemSubtypes: [],
});

const addTo = (list: string[], v: unknown) => {
  if (typeof v === 'string' && !list.includes(v)) list.push(v);
};

/** The line kind fields are tracked under: the type, refined by the subtype or the stream event's type. */
export function lineKind(o: Record<string, unknown>): string {
  const type = String(o.type);
  if (type === 'stream_event')
    return `stream_event:${String((o.event as { type?: unknown } | undefined)?.type)}`;
  if (typeof o.subtype === 'string' && (type === 'system' || type === 'result'))
    return `${type}:${o.subtype}`;
  return type;
}

/** Adds the shapes of the JSON lines of `text` to `into` (non-JSON lines are ignored). */
export function collectShapes(text: string, into: Shapes = emptyShapes()): Shapes {
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const kind = lineKind(o);
    const fields = (into.fields[kind] ??= []);
    for (const k of Object.keys(o)) addTo(fields, k);
    if (o.type === 'system') addTo(into.systemSubtypes, o.subtype);
    const event = o.event as
      { type?: unknown; delta?: { type?: unknown }; content_block?: { type?: unknown } } | undefined;
    if (o.type === 'stream_event' && event) {
      addTo(into.eventTypes, event.type);
      addTo(into.deltaTypes, event.delta?.type);
      addTo(into.blockTypes, event.content_block?.type);
    }
  }
  return into;
}

/** What `seen` has that `known` has not, one readable line each (empty when nothing is new). */
export function unseenShapes(known: Shapes, seen: Shapes): string[] {
  const out: string[] = [];
  const diff = (what: string, k: string[], s: string[]) => {
    for (const v of s) if (!k.includes(v)) out.push(`new ${what}: ${v}`);
  };
  diff('event type', known.eventTypes, seen.eventTypes);
  diff('delta type', known.deltaTypes, seen.deltaTypes);
  diff('content block type', known.blockTypes, seen.blockTypes);
  diff('system subtype', known.systemSubtypes, seen.systemSubtypes);
  for (const [kind, fields] of Object.entries(seen.fields)) {
    const k = known.fields[kind];
    if (!k) out.push(`new line kind: ${kind} (fields ${fields.join(', ')})`);
    else for (const f of fields) if (!k.includes(f)) out.push(`new field on ${kind}: ${f}`);
  }
  return out;
}

/** Shapes with every list sorted (stable JSON for the known-shapes file). */
export function sortedShapes(s: Shapes): Shapes {
  const fields: Record<string, string[]> = {};
  for (const k of Object.keys(s.fields).sort()) fields[k] = [...s.fields[k]!].sort();
  return {
    fields,
    eventTypes: [...s.eventTypes].sort(),
    deltaTypes: [...s.deltaTypes].sort(),
    blockTypes: [...s.blockTypes].sort(),
    systemSubtypes: [...s.systemSubtypes].sort(),
  };
}
