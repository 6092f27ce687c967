// Rebuilds Claude Code content_block_delta lines from their folded parts, in the original key order.
// A block's constant parts are compiled once into a template of string pieces and holes, so each
// delta costs one JSON.stringify of its payload plus a few concatenations (replay hot path).
import type { DeltaRenderer, DeltaShape, RenderDeltaParts } from '../format.js';

const q = JSON.stringify;
const PAYLOAD = -1;
const UUID = -2;

export function claudeDeltaRenderer(shape: DeltaShape): DeltaRenderer {
  const pieces: (string | number)[] = [];
  let text = '{';
  let extra = 0;
  const keys = shape.template.split(',');
  const hole = (h: number) => {
    pieces.push(text, h);
    text = '';
  };
  keys.forEach((k, i) => {
    if (i > 0) text += ',';
    switch (k) {
      case 'type':
        text += '"type":"stream_event"';
        break;
      case 'event':
        text += '"event":{"type":"content_block_delta","index":' + shape.index + ',"delta":{"type":' + q(shape.deltaType) + ',' + q(shape.field) + ':';
        hole(PAYLOAD);
        text += '}}';
        break;
      case 'session_id':
        text += '"session_id":' + q(shape.sessionId);
        break;
      case 'parent_tool_use_id':
        text += '"parent_tool_use_id":' + (shape.parent === null ? 'null' : q(shape.parent));
        break;
      case 'uuid':
        text += '"uuid":"';
        hole(UUID);
        text += '"';
        break;
      default:
        text += q(k) + ':';
        hole(extra++);
    }
  });
  pieces.push(text + '}');
  return (payload, extras, uuid) => {
    let out = '';
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      out += typeof p === 'string' ? p : p === PAYLOAD ? q(payload) : p === UUID ? uuid : q(extras[p]);
    }
    return out;
  };
}

export function renderClaudeDelta(p: RenderDeltaParts): string {
  return claudeDeltaRenderer(p)(p.payload, p.extras, p.uuid);
}
