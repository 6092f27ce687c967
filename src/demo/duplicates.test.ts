import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertDuplicates, isDeltaLine } from './duplicates.js';
import { Rng } from './prng.js';

const delta = (i: number) =>
  `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w${i}"}},"session_id":"s","parent_tool_use_id":null,"uuid":"u${i}"}`;

describe('insertDuplicates', () => {
  it('property: removing repeats gives back the input; repeats are delta lines placed after their original', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 300 }),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (kinds, seed, rate) => {
          const lines = kinds.map((d, i) => (d ? delta(i) : `{"type":"user","n":${i}}`));
          const out = insertDuplicates(lines, rate, new Rng(seed));
          const seen = new Set<string>();
          const firstOnly = out.filter((l) =>
            seen.has(l) ? (expect(isDeltaLine(l)).toBe(true), false) : (seen.add(l), true),
          );
          expect(firstOnly).toEqual(lines);
          if (lines.length > 0 && out.length > lines.length)
            expect(out.at(-1) === lines.at(-1) || out.at(-2) === lines.at(-1)).toBe(true);
        },
      ),
    );
  });

  it('duplicates about `rate` of the delta lines', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => delta(i));
    const extra = insertDuplicates(lines, 0.025, new Rng(1)).length - lines.length;
    expect(extra / lines.length).toBeGreaterThan(0.022);
    expect(extra / lines.length).toBeLessThan(0.028);
  });
});
