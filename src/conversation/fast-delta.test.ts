import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDelta } from './fast-delta.js';

const FIELD = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' } as const;

function slow(line: string) {
  const o = JSON.parse(line);
  const d = o.event.delta;
  return {
    index: o.event.index,
    deltaType: d.type,
    payload: d[FIELD[d.type as keyof typeof FIELD]],
    parent: o.parent_tool_use_id ?? null,
  };
}

describe('readDelta', () => {
  it('reads the same fields as JSON.parse for any payload and parent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('text_delta', 'thinking_delta', 'input_json_delta'),
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('"', '\\', '}}', '\n', '\u2028', 'é', '😀', '"parent_tool_use_id":"x"'),
            fc.string(),
          ),
        }),
        fc.nat(40),
        fc.option(fc.constantFrom('toolu_01ABC', 'toolu_x'), { nil: null }),
        (type, payload, index, parent) => {
          const line = JSON.stringify({
            type: 'stream_event',
            event: { type: 'content_block_delta', index, delta: { type, [FIELD[type]]: payload } },
            session_id: 's',
            parent_tool_use_id: parent,
            uuid: 'u',
          });
          expect(readDelta(line)).toEqual(slow(line));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('declines lines in another shape (the caller parses them fully)', () => {
    const other = [
      '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"x"}}}',
      '{"_t":1,"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","extra":1}}}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":,"delta":{"type":"text_delta","text":"a"}}}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"unterminated}}',
      '{"type":"assistant"}',
    ];
    for (const line of other) expect(readDelta(line)).toBeNull();
  });
});
