// The built CLI on other agents' recorded runs, as an independent check would use it: `ingest` (format
// recognised, or named), `logs --format raw` byte for byte, and the answer readable in the conversation.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawDifference } from './support/round-trip.js';
import { tempDir } from './support/store-helpers.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
const corpus = join(import.meta.dirname, 'fixtures', 'corpus');
const tmp = tempDir('tokenfold-cli-agents-');
const db = join(tmp.dir, 'cli.db');
afterAll(() => tmp.cleanup());

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

const cases: [string, string, string][] = [
  ['cursor', 'cursor/cursor-hack-direct-sleep.jsonl', 'Both commands have finished running'],
  [
    'gemini',
    'gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl',
    'test content from gemini research',
  ],
  ['codex', 'codex/agentcmd-exec-json-0.46-stream-output-4.jsonl', 'simply contains `console.log'],
  [
    'codex',
    'codex/vibe-kanban-LEGACY-codex-exec-json-pre0.44-test_normalize_logs_basic.jsonl',
    'This appears to be a Rust project',
  ],
  ['claude-code', 'jdforsythe__yoke__capture-partial-messages.jsonl', 'off by one, again'],
  ['codex', 'codex/tokenfold-codex-0.171-app-server-real.jsonl', 'The answer is 42'],
  ['gemini', 'gemini/tokenfold-gemini-cli-0.61-real.jsonl', 'Hello there.'],
  ['qwen-code', 'qwen-code/tokenfold-qwen-code-0.24.4-real.jsonl', 'The build runs `tsc` first'],
];

describe.each(cases)('tokenfold ingest of a %s run', (executor, file, answer) => {
  it.each(['auto', executor])(
    `--executor %s: raw is byte-exact and the conversation shows the answer (${file})`,
    (flag) => {
      const ing = run(['ingest', '--db', db, '--executor', flag, '--stats', join(corpus, file)]);
      expect(ing.stderr).toContain(`executor ${executor},`);
      const id = ing.stdout.toString().trim();
      expect(
        rawDifference(
          readFileSync(join(corpus, file)),
          run(['logs', '--db', db, id, '--format', 'raw']).stdout,
        ),
      ).toBeNull();
      const conv = run(['logs', '--db', db, id, '--format', 'conversation']).stdout.toString();
      expect(conv).toContain(answer);
      expect(conv).not.toMatch(/^· item\.completed/m);
    },
  );
});
