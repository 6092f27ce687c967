// Pages cut at any size give back every entry exactly, and the pages covering a window hold exactly it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../demo/workload.js';
import { toConversation } from '../conversation.js';
import { decodeHeader, decodePage, encodePages, pagesCovering } from './page-codec.js';

const conv = toConversation(
  generateLargeRun(1_500, 9).map((text, seq) => ({ seq, text, stream: 'stdout' as const, at: 0 })) as never,
);
const json = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x));

describe('conversation page codec', () => {
  it('any page limits: header and pages give back every entry; a window is covered by exactly its pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 40_000 }),
        fc.nat(conv.items.length),
        fc.nat(300),
        async (entries, chars, end, n) => {
          const recs = await encodePages('run', conv.items, conv.lastSeq, () => undefined, {
            entries,
            chars,
          });
          const h = decodeHeader(recs[0]!.body, 'run')!;
          expect(h.total).toBe(conv.items.length);
          const pages = await Promise.all(recs.slice(1).map((r, p) => decodePage(r.body, h, p)));
          expect(json(pages.flatMap((p) => p.items))).toEqual(json(conv.items));
          const start = Math.max(0, end - n);
          const [first, last] = pagesCovering(h, start, end);
          const got = pages.slice(first, last).flatMap((p) => p.items);
          const from = start - (h.starts[first] ?? 0);
          expect(json(got.slice(from, from + end - start))).toEqual(json(conv.items.slice(start, end)));
          // No page more than needed: the first holds `start`, the last holds `end - 1`.
          if (end > start) expect(from).toBeLessThan(pages[first]!.items.length);
          if (end > start) expect(h.starts[last - 1]!).toBeLessThan(end);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a header for another execution or version is not read', async () => {
    const [header] = await encodePages('run', conv.items.slice(0, 3), 1, () => undefined);
    expect(decodeHeader(header!.body, 'other')).toBeNull();
    expect(decodeHeader(Buffer.from('{"v":0,"id":"run","starts":[]}'), 'run')).toBeNull();
    expect(decodeHeader(Buffer.from('not json'), 'run')).toBeNull();
  });
});
