// Rebuilds a Claude Code content_block_delta line from its folded parts, in the original key order.
import type { RenderDeltaParts } from '../format.js';

const q = JSON.stringify;

/** Cached per-template plans: the key list, parsed once (templates repeat for every delta of a run). */
const plans = new Map<string, string[]>();

function plan(template: string): string[] {
  let keys = plans.get(template);
  if (keys === undefined) {
    keys = template.split(',');
    if (plans.size > 1000) plans.clear();
    plans.set(template, keys);
  }
  return keys;
}

export function renderClaudeDelta(p: RenderDeltaParts): string {
  const keys = plan(p.template);
  let out = '{';
  let extra = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    switch (k) {
      case 'type':
        out += '"type":"stream_event"';
        break;
      case 'event':
        out += '"event":{"type":"content_block_delta","index":' + p.index + ',"delta":{"type":' + q(p.deltaType) + ',' + q(p.field) + ':' + q(p.payload) + '}}';
        break;
      case 'session_id':
        out += '"session_id":' + q(p.sessionId);
        break;
      case 'parent_tool_use_id':
        out += '"parent_tool_use_id":' + (p.parent === null ? 'null' : q(p.parent));
        break;
      case 'uuid':
        out += '"uuid":"' + p.uuid + '"';
        break;
      default:
        out += q(k) + ':' + q(p.extras[extra++]);
    }
  }
  return out + '}';
}
