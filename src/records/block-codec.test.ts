import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockFirstSeq, decodeBlock, encodeBlock } from './block-codec.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import type { BlockRecord } from './types.js';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const block: fc.Arbitrary<BlockRecord> = fc
  .record({
    texts: fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
    seq0: fc.nat(),
    parent: fc.option(fc.string(), { nil: null }),
    done: fc.constantFrom(0 as const, 1 as const),
    tool: fc.option(fc.record({ tn: fc.string(), ti: fc.string() }), { nil: undefined }),
    extras: fc.boolean(),
  })
  .map(({ texts, seq0, parent, done, tool, extras }) => {
    const chunks = texts.flatMap((list, c) => list.map((t) => ({ c, t })));
    const r: BlockRecord = {
      k: 'b', bn: 3, m: 'msg_1', i: 2, p: parent, sid: 's\n"id"', tp: 'type,event,uuid',
      ch: texts.map((_, c) => `delta_${c}`), f: texts.map((_, c) => `field\n${c}`),
      x: texts.map((list) => list.join('')), d0: 0, n: chunks.length,
      l: chunks.map((ch) => ch.t.length), s: [seq0, ...chunks.slice(1).map(() => 1)], a: chunks.map(() => 0), done,
    };
    if (texts.length > 1) r.c = chunks.map((ch) => ch.c);
    if (extras) r.ex = [chunks.map((_, i) => i)];
    if (tool) Object.assign(r, { bt: 'tool_use', ...tool });
    return r;
  });

describe('block codec', () => {
  it('round-trips any block record, texts kept outside JSON', () => {
    fc.assert(
      fc.property(block, (r) => {
        const body = encodeRecord(r);
        expect(body.startsWith('B')).toBe(true);
        const back = decodeRecord(body) as BlockRecord;
        expect(back.x).toEqual(r.x);
        expect(blockFirstSeq(back)).toBe(r.s[0]);
        // Columns come back on first use, and the plain shape is what JSON sees.
        expect(back.l).toEqual(r.l);
        expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(r)));
        expect(encodeBlock(back)).toBe(body);
      }),
    );
  });

  it('still reads block records stored as plain JSON by earlier versions', () => {
    fc.assert(
      fc.property(block, (r) => {
        expect(decodeRecord(JSON.stringify(r))).toEqual(r);
      }),
    );
  });

  it('rejects a body whose text lengths do not add up', () => {
    const body = encodeBlock({ k: 'b', bn: 0, m: 'm', i: 0, p: null, sid: 's', tp: 't', ch: ['text_delta'], f: ['text'], x: ['hello'], d0: 0, n: 1, l: [5], s: [7], a: [0], done: 1 });
    expect(() => decodeBlock(body.slice(0, -1))).toThrow(/corrupt block record/);
    expect(() => decodeBlock('B{}')).toThrow(/corrupt block record/);
  });
});
