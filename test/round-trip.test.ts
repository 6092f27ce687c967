// Ingest then replay reproduces the input (deltas format), on generated streams and recorded runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { expectedLines, roundTripDifference } from './support/round-trip.js';
import { ingestAndReplay, useTempStore } from './support/store-helpers.js';

const db = useTempStore('rt.db');

describe('round trip', () => {
  it('reproduces generated streams (interleaved sub-agents, CRLF, truncated, invalid UTF-8, duplicates)', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, async ({ input, chunkSizes }) => {
        const { output, execution } = await ingestAndReplay(db.store, chunked(input, chunkSizes));
        expect(roundTripDifference(input, output)).toBeNull();
        expect(execution.lines).toBe(expectedLines(input).length);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a 2 MB tool result and a 16 MiB line intact', async () => {
    const big = JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x'.repeat(2 * 1024 * 1024) }] } });
    const huge = 'y'.repeat(16 * 1024 * 1024);
    const input = Buffer.from(`${big}\n${huge}\nlast`);
    const { output } = await ingestAndReplay(db.store, chunked(input, [65536]));
    expect(output.equals(input)).toBe(true);
  });

  const fixtures = join(import.meta.dirname, 'fixtures/corpus');
  const shared = join(import.meta.dirname, '../../shared/corpus/claude-stream-json');
  const files = [
    ...readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')).map((f) => join(fixtures, f)),
    ...(existsSync(shared) ? readdirSync(shared).filter((f) => f.startsWith('jackey8616')).map((f) => join(shared, f)) : []),
  ];
  it.each(files)('reproduces recorded run %s', async (file) => {
    const input = readFileSync(file);
    const { output, execution, compaction } = await ingestAndReplay(db.store, chunked(input, [4096]));
    expect(roundTripDifference(input, output)).toBeNull();
    expect(compaction.rowsAfter).toBeLessThanOrEqual(2);
    if (input.includes('content_block_delta')) expect(execution.deltasFolded).toBeGreaterThan(0);
  });
});
