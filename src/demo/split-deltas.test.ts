import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';
import { apiJson, splitJson, splitText } from './split-deltas.js';

describe('splitText', () => {
  it('property: exactly k non-empty pieces (k <= length) that concatenate to the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom('word' as const, 'chunk' as const),
        fc.integer(),
        (text, k, style, seed) => {
          const pieces = splitText(text, k, style, new Rng(seed));
          expect(pieces.join('')).toBe(text);
          expect(pieces.length).toBe(Math.min(k, text.length));
          expect(pieces.every((p) => p.length > 0)).toBe(true);
        },
      ),
    );
  });

  it("'word' cuts before spaces", () => {
    expect(splitText('one two three four', 4, 'word', new Rng(1))).toEqual([
      'one',
      ' two',
      ' three',
      ' four',
    ]);
  });
});

describe('apiJson / splitJson', () => {
  it('property: pieces concatenate to JSON equal to the value, in the API spacing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer(), (value, seed) => {
        const json = apiJson(value);
        const pieces = splitJson(json, new Rng(seed));
        expect(pieces[0]).toBe('');
        expect(pieces.join('')).toBe(json);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    expect(apiJson({ command: 'ls', timeout: 60000, a: [1, 'x'] })).toBe(
      '{"command": "ls", "timeout": 60000, "a": [1, "x"]}',
    );
  });
});

describe('Rng', () => {
  it('is deterministic and makes v4 uuids and API-style ids', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 50 }, () => a.u32());
    expect(Array.from({ length: 50 }, () => b.u32())).toEqual(xs);
    expect(new Set(xs).size).toBe(50);
    for (let i = 0; i < 200; i++)
      expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.toolUseId()).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
    const ints = Array.from({ length: 2000 }, () => a.int(3, 6));
    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(6);
  });
});
