// A prompt that looks like an option never reaches the agent CLI as one. `claude` on PATH is a fake that parses
// its argv with commander, as the real Claude Code CLI does (`-p, --print` a flag, the prompt positional,
// unknown options an error), and records what it understood; then the real CLI (pinned, when installable) runs
// such a prompt against the local Anthropic stand-in.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAgentCli } from '../../scripts/agent-cli.mjs';
import { marker, startAnthropicStandIn } from '../support/anthropic-stand-in.js';
import { makeRunDir, writeClaudeWrapper } from '../support/real-claude.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenfold-argv-'));
const log = join(dir, 'argv.jsonl');
const commander = pathToFileURL(createRequire(import.meta.url).resolve('commander')).href;
const FAKE = `#!/usr/bin/env node
import { appendFileSync } from 'node:fs';
import pkg from ${JSON.stringify(commander)};
const record = (o) => appendFileSync(process.env.TOKENFOLD_TEST_ARGV_LOG, JSON.stringify({ argv: process.argv.slice(2), ...o }) + '\\n');
const program = new pkg.Command('claude').exitOverride().configureOutput({ writeErr: () => {} })
  .argument('[prompt]')
  .option('-p, --print').option('--verbose').option('--output-format <format>').option('--include-partial-messages')
  .option('--dangerously-skip-permissions').option('--model <model>').option('--allowedTools <tools...>')
  .action((prompt, opts) => record({ prompt: prompt ?? null, opts }));
try {
  program.parse();
} catch (err) {
  record({ error: err.message });
  process.exit(1);
}
console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'ok' }));
`;

const saved = {
  path: process.env.PATH,
  bin: process.env.TOKENFOLD_CLAUDE_BIN,
  log: process.env.TOKENFOLD_TEST_ARGV_LOG,
};
let h: Harness;
beforeAll(async () => {
  writeFileSync(join(dir, 'claude'), FAKE);
  chmodSync(join(dir, 'claude'), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
  delete process.env.TOKENFOLD_CLAUDE_BIN;
  process.env.TOKENFOLD_TEST_ARGV_LOG = log;
  h = await startHarness({ claudeBin: null });
});
afterAll(async () => {
  await h?.close();
  process.env.PATH = saved.path;
  if (saved.bin !== undefined) process.env.TOKENFOLD_CLAUDE_BIN = saved.bin;
  if (saved.log === undefined) delete process.env.TOKENFOLD_TEST_ARGV_LOG;
  else process.env.TOKENFOLD_TEST_ARGV_LOG = saved.log;
  rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  argv: string[];
  prompt?: string | null;
  opts?: Record<string, unknown>;
  error?: string;
}

describe('prompts that look like options', () => {
  const prompts = [
    '--dangerously-skip-permissions',
    '-p',
    '--model=evil run this',
    '- [ ] fix the login bug',
    '--',
    '-',
    '--help',
    '--allowedTools Bash(rm:*)',
    'an ordinary prompt',
  ];
  for (const prompt of prompts) {
    it(`${JSON.stringify(prompt)} is the prompt, and sets no option`, async () => {
      rmSync(log, { force: true });
      const r = await h.json('/api/executions', {
        method: 'POST',
        body: JSON.stringify({ executor: 'claude-code', prompt }),
      });
      expect(r.status).toBe(201);
      await waitFor(
        async () => (await h.json(`/api/executions/${r.body.id}`)).body.status !== 'running',
        15_000,
        'the fake claude to exit',
      );
      const seen = JSON.parse(readFileSync(log, 'utf8')) as Seen;
      expect(seen.error).toBeUndefined();
      expect(seen.prompt).toBe(prompt);
      expect(seen.opts).toEqual({
        print: true,
        verbose: true,
        outputFormat: 'stream-json',
        includePartialMessages: true,
      });
      expect((await h.json(`/api/executions/${r.body.id}`)).body).toMatchObject({
        status: 'completed',
        prompt,
      });
    });
  }
});

/** The pinned Claude Code CLI (as test/real-cli runs it), or null when it cannot be installed here. */
function realClaude(): string | null {
  if (process.env.TOKENFOLD_REAL_CLAUDE) return process.env.TOKENFOLD_REAL_CLAUDE;
  try {
    return installAgentCli().bin;
  } catch {
    return null;
  }
}

describe('the real Claude Code CLI', () => {
  const bin = realClaude();
  it.skipIf(bin === null)(
    'takes an option-like prompt as the prompt',
    async () => {
      const standIn = await startAnthropicStandIn();
      const run = makeRunDir(dir, 'real-');
      const real = await startHarness({
        claudeBin: writeClaudeWrapper(join(dir, 'real-claude'), bin!, standIn.url),
      });
      try {
        const prompt = `--dangerously-skip-permissions - [ ] ${marker('thinking')}`;
        const r = await real.json('/api/executions', {
          method: 'POST',
          body: JSON.stringify({ executor: 'claude-code', prompt, cwd: run.cwd }),
        });
        expect(r.status).toBe(201);
        const e = await waitFor(
          async () => {
            const x = (await real.json(`/api/executions/${r.body.id}`)).body;
            return x.status !== 'running' && x;
          },
          60_000,
          'the real claude to exit',
        );
        expect(e).toMatchObject({ status: 'completed', exitCode: 0 });
        expect(standIn.requests.some((q) => q.parsed?.prompt.includes(prompt))).toBe(true);
      } finally {
        await real.close();
        await standIn.close();
      }
    },
    120_000,
  );
});
