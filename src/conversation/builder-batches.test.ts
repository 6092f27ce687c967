import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversationBuilder } from './builder.js';
import { syntheticRun } from '../../test/support/synthetic-run.js';

const CORPUS = new URL('../../test/fixtures/corpus/', import.meta.url);

function corpus(): string[][] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) =>
      readFileSync(new URL(f, CORPUS), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
}

/** Mixes in non-JSON and stderr lines so raw entries are covered too. */
const RUNS = [
  ...corpus(),
  syntheticRun({ deltas: 400, perBlock: 12, subAgentEvery: 2 }).lines,
  ['plain text', '\x1b[31mred\x1b[0m', '{"type":"result","is_error":false}'],
];

function once(lines: string[]): string {
  const b = new ConversationBuilder();
  lines.forEach((l, i) => b.apply(i + 1, l, i % 17 === 16 ? 'stderr' : 'stdout'));
  return JSON.stringify(b.entries());
}

describe('ConversationBuilder batching', () => {
  it('gives the same entries however the lines are split into batches, with replayed overlaps ignored', () => {
    const expected = RUNS.map(once);
    fc.assert(
      fc.property(
        fc.nat(RUNS.length - 1),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.nat(8)), { minLength: 1, maxLength: 40 }),
        (run, batches) => {
          const lines = RUNS[run]!;
          const b = new ConversationBuilder();
          let next = 0;
          let k = 0;
          while (next < lines.length) {
            const [size, overlap] = batches[k++ % batches.length]!;
            // A reconnect may resend lines already applied: start `overlap` lines early.
            const from = Math.max(0, next - overlap);
            const to = Math.min(lines.length, next + size);
            for (let i = from; i < to; i++) b.apply(i + 1, lines[i]!, i % 17 === 16 ? 'stderr' : 'stdout');
            // Reading entries between batches (as a UI does) must not change anything.
            JSON.stringify(b.entries());
            next = to;
          }
          expect(JSON.stringify(b.entries())).toBe(expected[run]);
          expect(b.lastSeq).toBe(lines.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
