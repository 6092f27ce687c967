import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyByParsing, classifyClaudeLine } from './classify.js';
import { fastDelta } from './fast-delta.js';
import { renderClaudeDelta } from './render-delta.js';

const deltaLine = fc
  .record({
    t: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: undefined }),
    index: fc.nat(50),
    kind: fc.constantFrom(['text_delta', 'text'], ['thinking_delta', 'thinking'], ['input_json_delta', 'partial_json'], ['signature_delta', 'signature']),
    payload: fc.string({ unit: 'binary', maxLength: 30 }),
    parent: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    sid: fc.string({ maxLength: 12 }),
    uuid: fc.uuid(),
  })
  .map((r) => {
    const obj = { type: 'stream_event', event: { type: 'content_block_delta', index: r.index, delta: { type: r.kind[0], [r.kind[1]!]: r.payload } }, session_id: r.sid, parent_tool_use_id: r.parent, uuid: r.uuid };
    return JSON.stringify(r.t === undefined ? obj : { _t: r.t, ...obj });
  });

describe('Claude Code delta classification', () => {
  it('fast path agrees with the parser whenever it answers', () => {
    fc.assert(
      fc.property(deltaLine, (line) => {
        const fast = fastDelta(line);
        const slow = classifyByParsing(line);
        expect(slow.kind).toBe('delta');
        if (fast !== null && slow.kind === 'delta') expect(fast).toEqual(slow.delta);
      }),
      { numRuns: 2000 },
    );
  });

  it('fast path answers for plain Claude Code lines (it is the fast path for a reason)', () => {
    const line = '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello \\"x\\""}},"session_id":"s","parent_tool_use_id":null,"uuid":"u1"}';
    expect(fastDelta(line)?.payload).toBe('Hello "x"');
  });

  it('renders a classified delta back to the same JSON value', () => {
    fc.assert(
      fc.property(deltaLine, (line) => {
        const c = classifyClaudeLine(line);
        if (c.kind !== 'delta') throw new Error('not a delta');
        const original = JSON.parse(line);
        const rendered = JSON.parse(renderClaudeDelta({ ...c.delta, uuid: original.uuid }));
        expect(rendered).toEqual(original);
        expect(Object.keys(rendered)).toEqual(Object.keys(original));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves unusual delta shapes and other lines to verbatim storage', () => {
    expect(classifyClaudeLine('{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","extra":1}},"uuid":"u"}').kind).toBe('other');
    expect(classifyClaudeLine('{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}},"note":"x","uuid":"u"}').kind).toBe('other');
    expect(classifyClaudeLine('not json').kind).toBe('other');
    expect(classifyClaudeLine('{"type":"stream_event","event":{"type":"content_block_delta"').kind).toBe('other');
    expect(classifyClaudeLine('{"type":"stream_event","event":{"type":"message_stop"},"parent_tool_use_id":"t1"}')).toEqual({ kind: 'control', control: { kind: 'message_stop', parent: 't1' } });
  });
});
