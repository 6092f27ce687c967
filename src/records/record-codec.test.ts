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
    d: fc.option(fc.constant(1 as const), { nil: undefined }),
  })
  .map((r) => {
    const e: LineEntry = { s: r.s, a: r.a };
    if (r.t !== undefined) e.t = r.t;
    else e.b = Buffer.from([0xff, r.s & 0xff]).toString('base64');
    if (r.e !== undefined) e.e = r.e;
    if (r.o !== undefined) e.o = r.o;
    if (r.d !== undefined) e.d = r.d;
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
    expect(encodeLines([{ s: 0, a: 0, t: '{"a":"b"}' }])).toBe('C{"s":[0],"a":[0],"l":[9]}\n{"a":"b"}');
  });

  it('codes runs of equal figures compactly (a dev server printing short lines fast)', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({ s: 5 + i, a: 40 + (i >> 9), t: 'y' }));
    const body = encodeLines(entries);
    expect(body).toBe(
      'C{"s":{"r":[5,1,1,999]},"a":{"r":[40,1,0,511,1,1,0,487]},"l":{"r":[1,1000]}}\n' + 'y'.repeat(1000),
    );
    expect(decodeRecord(body)).toEqual({ k: 'l', e: entries });
  });

  it('reads line records of tokenfold 0.1', () => {
    const body = 'L[{"s":3,"a":1,"n":2,"e":1},{"s":4,"a":2,"b":"/w==","o":1,"d":1}]\nok';
    expect(decodeRecord(body)).toEqual({
      k: 'l',
      e: [
        { s: 3, a: 1, t: 'ok', e: 1 },
        { s: 4, a: 2, b: '/w==', o: 1, d: 1 },
      ],
    });
  });

  it('rejects a body whose lengths do not add up', () => {
    expect(() => decodeRecord('C{"s":[0],"a":[0],"l":[9]}\nshort')).toThrow(/corrupt line record/);
    expect(() => decodeRecord('C{"s":[0,1],"a":[0],"l":[1]}\nx')).toThrow(/corrupt line record/);
  });

  it('frames bodies containing any character', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (bodies) => {
        expect(unframe(frame(bodies))).toEqual(bodies.map((b) => Buffer.from(b, 'utf8').toString('utf8')));
        const bytes = bodies.map((b) => Buffer.from(b, 'utf8'));
        expect(frame(bodies)).toEqual(Buffer.concat(bytes.flatMap((b) => [Buffer.from(`${b.length}:`), b])));
      }),
    );
  });
});
