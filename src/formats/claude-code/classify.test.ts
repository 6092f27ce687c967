import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyByParsing, classifyClaudeLine } from './classify.js';

const deltaLine = fc
  .record({
    t: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: undefined }),
    index: fc.nat(50),
    kind: fc.constantFrom(
      ['text_delta', 'text'],
      ['thinking_delta', 'thinking'],
      ['input_json_delta', 'partial_json'],
      ['signature_delta', 'signature'],
      ['future_delta', 'body'],
    ),
    payload: fc.string({ unit: 'binary', maxLength: 30 }),
    parent: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    sid: fc.string({ maxLength: 12 }),
    uuid: fc.uuid(),
    extra: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    deltaExtra: fc.option(fc.constantFrom({ thinking_display: 'updates' }, { n: 3, tags: ['a,b'] }), {
      nil: undefined,
    }),
    space: fc.boolean(),
  })
  .map((r) => {
    const delta = { type: r.kind[0], [r.kind[1]!]: r.payload, ...r.deltaExtra };
    const obj: Record<string, unknown> = {
      type: 'stream_event',
      event: { type: 'content_block_delta', index: r.index, delta },
      session_id: r.sid,
      parent_tool_use_id: r.parent,
      uuid: r.uuid,
    };
    for (const [k, v] of Object.entries(r.extra)) if (!(k in obj)) obj[k] = v;
    const line = JSON.stringify(r.t === undefined ? obj : { _t: r.t, ...obj }, null, r.space ? 1 : undefined);
    return { line: r.space ? line.replace(/\n/g, '') : line, r };
  });

describe('Claude Code delta classification', () => {
  it('finds the payload of any delta line, whatever other fields, order and spacing it has', () => {
    fc.assert(
      fc.property(deltaLine, ({ line, r }) => {
        const c = classifyClaudeLine(line);
        if (c.kind !== 'delta') throw new Error(`not a delta: ${JSON.stringify(c)} ${line}`);
        const d = c.delta;
        expect(d.payload).toBe(r.payload);
        expect(line.slice(d.start, d.end)).toBe(JSON.stringify(r.payload));
        expect([d.index, d.deltaType, d.field, d.parent, d.dedupeKey]).toEqual([
          r.index,
          r.kind[0],
          r.kind[1],
          r.parent,
          JSON.stringify(r.uuid),
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a delta it cannot fold, and why', () => {
    const head = '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":';
    // Python's json.dumps escapes (\u00e9) fold; other spellings of the same text do not.
    expect(
      classifyClaudeLine(head + '{"type":"text_delta","text":"\\u00e9\\ud83d\\ude00"}},"uuid":"u"}'),
    ).toMatchObject({ kind: 'delta', delta: { payload: 'é😀', escape: 1 } });
    expect(classifyClaudeLine(head + '{"type":"text_delta","text":"\\u00E9"}},"uuid":"u"}')).toEqual({
      kind: 'unfoldable',
      reason: 'payload escaped unlike JSON.stringify or json.dumps',
    });
    expect(classifyClaudeLine(head + '{"type":"text_delta","text":"a\\/b"}},"uuid":"u"}').kind).toBe(
      'unfoldable',
    );
    expect(
      classifyClaudeLine(head + '{"type":"citations_delta","citation":{"url":"x"}}},"uuid":"u"}'),
    ).toEqual({ kind: 'unfoldable', reason: 'citations_delta: no string payload' });
    expect(classifyClaudeLine(head + '{"type":"text_delta","text":"a"}},"uuid":"u"} trailing')).toEqual({
      kind: 'unfoldable',
      reason: 'trailing text',
    });
    expect(classifyClaudeLine(head + '{"type":"text_delta","text":"a"}},"parent_tool_use_id":7}').kind).toBe(
      'unfoldable',
    );
  });

  it('folds progress lines and recognises structure; anything else is other', () => {
    expect(
      classifyClaudeLine(
        '{"type":"system","subtype":"thinking_tokens","estimated_tokens":12,"estimated_tokens_delta":3,"uuid":"u","session_id":"s"}',
      ),
    ).toEqual({ kind: 'progress', parent: undefined });
    expect(classifyClaudeLine('{"type":"system","subtype":"init","note":"x_tokens\\""}').kind).toBe('other');
    expect(classifyClaudeLine('not json').kind).toBe('other');
    expect(classifyClaudeLine('{"type":"stream_event","event":{"type":"content_block_delta"').kind).toBe(
      'other',
    );
    expect(
      classifyClaudeLine(
        '{"type":"assistant","message":{"content":[{"type":"text","text":"\\"type\\":\\"content_block_delta\\""}]}}',
      ).kind,
    ).toBe('other');
    expect(
      classifyClaudeLine('{"type":"stream_event","event":{"type":"message_stop"},"parent_tool_use_id":"t1"}'),
    ).toEqual({ kind: 'control', control: { kind: 'message_stop', parent: 't1' } });
    expect(
      classifyByParsing(
        '{"type":"stream_event","event":{"type":"content_block_stop","index":2},"parent_tool_use_id":null}',
      ),
    ).toEqual({ kind: 'control', control: { kind: 'block_stop', parent: null, index: 2 } });
  });
});
