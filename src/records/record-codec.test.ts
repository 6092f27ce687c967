import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeLines, frame, unframe } from './record-codec.js';
import type { LineEntry } from './types.js';

const entry: fc.Arbitrary<LineEntry> = fc
  .record({
    s: fc.nat(),
    a: fc.nat(),
    t: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
    e: fc.option(fc.constantFrom(1 as const, 2 as const), { nil: undefined }),
    o: fc.option(fc.constant(1 as const), { nil: undefined }),
  })
  .map((r) => {
    const e: LineEntry = { s: r.s, a: r.a };
    if (r.t !== undefined) e.t = r.t;
    else e.b = Buffer.from([0xff, r.s & 0xff]).toString('base64');
    if (r.e !== undefined) e.e = r.e;
    if (r.o !== undefined) e.o = r.o;
    return e;
  });

describe('record codec', () => {
  it('line records round-trip with any text, outside JSON', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        expect(decodeRecord(encodeLines(entries))).toEqual({ k: 'l', e: entries });
      }),
    );
  });

  it('keeps texts unescaped (the point of the format)', () => {
    expect(encodeLines([{ s: 0, a: 0, t: '{"a":"b"}' }])).toBe('L[{"s":0,"a":0,"n":9}]\n{"a":"b"}');
  });

  it('frames bodies containing any character', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (bodies) => {
        expect(unframe(frame(bodies))).toEqual(bodies.map((b) => Buffer.from(b, 'utf8').toString('utf8')));
      }),
    );
  });
});
