// Codex, Gemini, Cursor and Qwen Code streams: ingest then `raw` is byte-exact, every delta folds, and
// each run of deltas is one block holding exactly their text. On generated streams and recorded runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked } from './support/claude-stream-arbitrary.js';
import {
  codexStream,
  cursorStream,
  geminiStream,
  qwenStream,
  type AgentStream,
} from './support/agent-stream-arbitrary.js';
import { rawDifference } from './support/round-trip.js';
import { readRecords } from '../src/replay/read-history.js';
import { toMessages } from '../src/replay/messages.js';
import type { ExecutorName } from '../src/store/types.js';
import { ingestAndReplay, useTempStore } from './support/store-helpers.js';

const db = useTempStore('agents.db');

const formats: [ExecutorName, fc.Arbitrary<AgentStream>][] = [
  ['gemini', geminiStream],
  ['cursor', cursorStream],
  ['codex', codexStream],
  ['qwen-code', qwenStream],
];

describe.each(formats)('%s', (executor, stream) => {
  it('gives back generated streams byte for byte and folds each run of deltas into one block of their text', async () => {
    await fc.assert(
      fc.asyncProperty(
        stream,
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (s, sizes, lastNewline) => {
          const input = Buffer.from(s.lines.join('\n') + (lastNewline ? '\n' : ''));
          const { output, execution } = await ingestAndReplay(db.store, chunked(input, sizes), executor);
          expect(rawDifference(input, output)).toBeNull();
          expect(execution.deltasFolded).toBe(s.deltas);
          expect(execution.deltasUnfolded).toBe(0);
          const blocks = toMessages(await readRecords(db.store, execution)).filter((m) => m.type === 'block');
          expect(blocks.map((b) => Object.values(b.content).join(''))).toEqual(s.runs);
        },
      ),
      { numRuns: 60 },
    );
  });
});

const fixtures = join(import.meta.dirname, 'fixtures/corpus');
const captures: [ExecutorName, string][] = (['codex', 'gemini', 'cursor'] as const).flatMap((f) =>
  readdirSync(join(fixtures, f))
    .filter((n) => n.endsWith('.jsonl'))
    .map((n): [ExecutorName, string] => [f, join(fixtures, f, n)]),
);
// Other captures of these agents in the workspace corpus, when it is there.
const shared = join(import.meta.dirname, '../../shared/corpus/codex');
if (existsSync(shared))
  for (const n of readdirSync(shared).filter((n) => n.includes('exec')))
    captures.push(['codex', join(shared, n)]);

describe('recorded runs of other agents', () => {
  it.each(captures)('%s: reproduces %s byte for byte', async (executor, file) => {
    const input = readFileSync(file);
    const { output, execution, compaction } = await ingestAndReplay(
      db.store,
      chunked(input, [4096]),
      executor,
    );
    expect(rawDifference(input, output)).toBeNull();
    expect(execution.deltasUnfolded).toBe(0);
    expect(compaction.rowsAfter).toBeLessThanOrEqual(2);
  });

  it('stores the Cursor run with 210 thinking deltas in at most a quarter of its size, one block per thinking run', async () => {
    const input = readFileSync(join(fixtures, 'cursor/cursor-hack-direct-sleep.jsonl'));
    const { output, execution } = await ingestAndReplay(db.store, chunked(input, [4096]), 'cursor');
    expect(output.equals(input)).toBe(true);
    expect(execution.deltasFolded).toBe(210);
    const figures = await db.store.storageFigures(execution.num);
    expect(figures.bytes).toBeLessThanOrEqual(input.length / 4);
    const blocks = toMessages(await readRecords(db.store, execution)).filter((m) => m.type === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.type === 'block' && blocks[0]!.content.text).toMatch(
      /^\*\*Planning sequential commands\*\*/,
    );
  });

  it('folds the Gemini chunks of each answer', async () => {
    const input = readFileSync(
      join(fixtures, 'gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl'),
    );
    const { execution } = await ingestAndReplay(db.store, chunked(input, [4096]), 'gemini');
    expect(execution.deltasFolded).toBe(4);
    const blocks = toMessages(await readRecords(db.store, execution)).filter((m) => m.type === 'block');
    expect(blocks.map((b) => b.type === 'block' && b.content.content)).toEqual([
      "Hello! I'm ready to help. What can I do for you?",
      'The file /private/tmp/gemini-test/sample.txt contains the following:\ntest content from gemini research\n',
      'Done.\n',
      'Done.',
    ]);
  });
});
