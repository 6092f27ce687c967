// Ingest then replay reproduces the input (deltas format), on generated streams and recorded runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { deltasViewProblem, rawDifference, splitLines } from './support/round-trip.js';
import { readEntries } from '../src/replay/read-history.js';
import { entryBytes } from '../src/replay/entry.js';
import { ingestAndReplay, useTempStore } from './support/store-helpers.js';

const db = useTempStore('rt.db');

describe('round trip', () => {
  it('gives back generated streams byte for byte (sub-agents, CRLF, unknown fields, progress lines, lone surrogates, other serialisers, BOM, truncated, invalid UTF-8, repeats)', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, async ({ input, chunkSizes }) => {
        const { output, execution } = await ingestAndReplay(db.store, chunked(input, chunkSizes));
        expect(rawDifference(input, output)).toBeNull();
        expect(execution.lines).toBe(splitLines(input).length);
        // The deltas view leaves out exactly the repeats the folder counted, and nothing else.
        const deltas = Buffer.concat((await readEntries(db.store, execution)).map(entryBytes));
        expect(deltasViewProblem(input, deltas)).toBe(execution.duplicatesDropped);
      }),
      { numRuns: 150 },
    );
  });

  it('folds every delta whatever the line ending, serialiser, extra fields or progress lines around it', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, async ({ input, chunkSizes }) => {
        const { execution } = await ingestAndReplay(db.store, chunked(input, chunkSizes));
        // Every parseable delta that is not a repeat, whoever serialised it.
        const seen = new Set<string>();
        let foldable = 0;
        for (const l of splitLines(input)) {
          const text = l.bytes.toString('utf8');
          if (!text.startsWith('{') || !text.includes('"content_block_delta"')) continue;
          try {
            const v = JSON.parse(text);
            if (v.event?.type !== 'content_block_delta') continue;
            const key = `${v.uuid}|${JSON.stringify(Object.values(v.event.delta).slice(1, 2))}`;
            if (!seen.has(key)) foldable++;
            seen.add(key);
          } catch {
            /* truncated */
          }
        }
        expect(execution.deltasFolded).toBe(foldable);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a 2 MB tool result and a 16 MiB line intact', async () => {
    const big = JSON.stringify({
      type: 'user',
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x'.repeat(2 * 1024 * 1024) }],
      },
    });
    const huge = 'y'.repeat(16 * 1024 * 1024);
    const input = Buffer.from(`${big}\n${huge}\nlast`);
    const { output } = await ingestAndReplay(db.store, chunked(input, [65536]));
    expect(output.equals(input)).toBe(true);
  });

  const fixtures = join(import.meta.dirname, 'fixtures/corpus');
  const shared = join(import.meta.dirname, '../../shared/corpus/claude-stream-json');
  const files = [
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(fixtures, f)),
    ...(existsSync(shared)
      ? readdirSync(shared)
          .filter((f) => f.startsWith('jackey8616'))
          .map((f) => join(shared, f))
      : []),
  ];
  it.each(files)('reproduces recorded run %s', async (file) => {
    const input = readFileSync(file);
    const { output, execution, compaction } = await ingestAndReplay(db.store, chunked(input, [4096]));
    expect(rawDifference(input, output)).toBeNull();
    expect(compaction.rowsAfter).toBeLessThanOrEqual(2);
    if (input.includes('content_block_delta')) expect(execution.deltasFolded).toBeGreaterThan(0);
  });
});
