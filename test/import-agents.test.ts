// `tokenfold import` of a slow-layout database whose coding-agent executions were run by different agents:
// each becomes an execution of its agent (recognised from its lines), stored byte for byte, its answer readable.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlowLayoutWriter } from '../src/slow-layout/slow-writer.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { rawDifference } from './support/round-trip.js';
import { tempDir } from './support/store-helpers.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
const corpus = join(import.meta.dirname, 'fixtures', 'corpus');
const tmp = tempDir('tokenfold-import-agents-');
const src = join(tmp.dir, 'slow.db');
const dest = join(tmp.dir, 'tokenfold.db');
afterAll(() => tmp.cleanup());

const runs: [id: string, executor: string, capture: string, answer: string][] = [
  [
    'a0000000-0000-4000-8000-000000000001',
    'codex',
    'codex/tokenfold-codex-0.171-app-server-real.jsonl',
    'The answer is 42',
  ],
  [
    'a0000000-0000-4000-8000-000000000002',
    'gemini',
    'gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl',
    'test content from gemini research',
  ],
  [
    'a0000000-0000-4000-8000-000000000003',
    'cursor',
    'cursor/cursor-hack-direct-sleep.jsonl',
    'Both commands have finished running',
  ],
  [
    'a0000000-0000-4000-8000-000000000004',
    'qwen-code',
    'qwen-code/tokenfold-demo-qwen-code-seed11.GENERATED.jsonl',
    "Here's what I did to explain the build.",
  ],
  [
    'a0000000-0000-4000-8000-000000000005',
    'claude-code',
    'jdforsythe__yoke__capture-partial-messages.jsonl',
    'off by one, again',
  ],
];

function cli(args: string[]): Buffer {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', TOKENFOLD_DB: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  const w = new SlowLayoutWriter(src);
  for (const [id, , capture] of runs) {
    w.addExecution({ id, kind: 'coding-agent', startedAt: '2025-03-01 10:00:00.000' });
    // The old app stored what the child printed, in chunks: a whole capture as one chunk keeps its bytes.
    w.writeChunk(id, 'stdout', readFileSync(join(corpus, capture), 'utf8'));
    w.finish(id, 'completed', 0, '2025-03-01 10:01:00.000');
  }
  w.close();
  cli(['import', src, '--db', dest]);
});

describe.each(runs)('imported coding-agent execution %s', (id, executor, capture, answer) => {
  it(`is a ${executor} execution, byte-exact, with its answer in the conversation`, () => {
    const logs = (format: string) => cli(['logs', '--db', dest, id, '--format', format]);
    expect(rawDifference(readFileSync(join(corpus, capture)), logs('raw'))).toBeNull();
    expect(logs('conversation').toString()).toContain(answer);
  });

  it(`is stored as executor ${executor}`, async () => {
    const store = new SqliteStore(dest);
    try {
      expect((await store.getExecution(id))?.executor).toBe(executor);
    } finally {
      await store.close();
    }
  });
});
