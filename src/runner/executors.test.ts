import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TokenfoldError } from '../errors.js';
import { claudeCodeSpec, commandSpec, demoAgentSpec } from './executors.js';
import { repoRoot } from './repo-root.js';
import { spawnChild } from './spawn-child.js';
import type { ChildSpec } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenfold-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const savedBin = process.env.TOKENFOLD_CLAUDE_BIN;
afterEach(() => {
  if (savedBin === undefined) delete process.env.TOKENFOLD_CLAUDE_BIN;
  else process.env.TOKENFOLD_CLAUDE_BIN = savedBin;
});

async function run(spec: ChildSpec): Promise<{ out: string; code: number | null }> {
  const child = spawnChild(spec);
  let out = '';
  child.onStdout((c) => (out += c.toString()));
  const exit = await child.exited;
  return { out, code: exit.exitCode };
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TokenfoldError);
    expect((err as TokenfoldError).code).toBe('invalid');
    expect((err as Error).message).toMatch(new RegExp(`^${(err as TokenfoldError).field}: `));
    return (err as TokenfoldError).field;
  }
  return undefined;
}

describe('claudeCodeSpec', () => {
  it('passes the prompt and stream-json flags to the binary from TOKENFOLD_CLAUDE_BIN, verbatim', async () => {
    const fake = join(dir, 'fake-claude');
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n');
    chmodSync(fake, 0o755);
    process.env.TOKENFOLD_CLAUDE_BIN = fake;
    const prompt = 'fix "the" bug; rm -rf $HOME';
    const spec = claudeCodeSpec({ prompt, extraArgs: ['--model', 'x'], cwd: dir });
    expect(spec).toEqual({
      file: fake,
      args: [
        '--print',
        '--verbose',
        '--output-format=stream-json',
        '--include-partial-messages',
        '--model',
        'x',
        '--',
        prompt,
      ],
      cwd: dir,
    });
    const { out, code } = await run(spec);
    expect(code).toBe(0);
    expect(out).toBe(spec.args.map((a) => `[${a}]\n`).join(''));
  });

  it('defaults the binary to claude, and an explicit binary wins over the environment', () => {
    delete process.env.TOKENFOLD_CLAUDE_BIN;
    expect(claudeCodeSpec({ prompt: 'hi' }).file).toBe('claude');
    process.env.TOKENFOLD_CLAUDE_BIN = '/opt/claude';
    expect(claudeCodeSpec({ prompt: 'hi', binary: '/usr/bin/claude2' }).file).toBe('/usr/bin/claude2');
    expect(claudeCodeSpec({ prompt: 'hi' }).cwd).toBeUndefined();
  });

  it('names the bad field', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(fieldOf(() => claudeCodeSpec({ prompt: '' }))).toBe('prompt');
    expect(fieldOf(() => claudeCodeSpec({ prompt: '  \n' }))).toBe('prompt');
    expect(fieldOf(() => claudeCodeSpec({} as never))).toBe('prompt');
    expect(fieldOf(() => claudeCodeSpec({ prompt: 'x', binary: '' }))).toBe('binary');
    expect(fieldOf(() => claudeCodeSpec({ prompt: 'x', extraArgs: [1] as never }))).toBe('extraArgs');
    expect(fieldOf(() => claudeCodeSpec({ prompt: 'x', cwd: join(dir, 'missing') }))).toBe('cwd');
    expect(fieldOf(() => claudeCodeSpec({ prompt: 'x', cwd: file }))).toBe('cwd');
  });
});

describe('commandSpec', () => {
  it('runs the command line through /bin/sh -c in cwd', async () => {
    const spec = commandSpec({ command: 'echo "$PWD" && echo a | tr a b', cwd: dir });
    expect(spec).toMatchObject({ shell: true, cwd: dir });
    expect(await run(spec)).toEqual({ out: `${dir}\nb\n`, code: 0 });
  });

  it('names the bad field', () => {
    expect(fieldOf(() => commandSpec({ command: '' }))).toBe('command');
    expect(fieldOf(() => commandSpec({ command: 'true', cwd: join(dir, 'missing') }))).toBe('cwd');
  });
});

describe('demoAgentSpec', () => {
  it('runs the compiled CLI with node, resolved from the repo root', () => {
    const root = repoRoot();
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('tokenfold');
    expect(existsSync(join(root, 'src', 'runner', 'repo-root.ts'))).toBe(true);
    const spec = demoAgentSpec({ prompt: 'hello', seed: 7, speed: 2.5 });
    expect(spec).toEqual({
      file: process.execPath,
      args: [
        join(root, 'bin', 'tokenfold.js'),
        'demo-agent',
        '--seed',
        '7',
        '--speed',
        '2.5',
        '--print',
        '--',
        'hello',
      ],
    });
    expect(demoAgentSpec({ prompt: '-x' }).args).toEqual([
      join(root, 'bin', 'tokenfold.js'),
      'demo-agent',
      '--print',
      '--',
      '-x',
    ]);
    expect(demoAgentSpec({ prompt: 'x', format: 'cursor' }).args.slice(1, 4)).toEqual([
      'demo-agent',
      '--format',
      'cursor',
    ]);
  });

  it('names the bad field', () => {
    expect(fieldOf(() => demoAgentSpec({ prompt: '' }))).toBe('prompt');
    expect(fieldOf(() => demoAgentSpec({ prompt: 'x', seed: 1.5 }))).toBe('seed');
    expect(fieldOf(() => demoAgentSpec({ prompt: 'x', format: 'aider' as never }))).toBe('format');
    expect(fieldOf(() => demoAgentSpec({ prompt: 'x', speed: 0 }))).toBe('speed');
    expect(fieldOf(() => demoAgentSpec({ prompt: 'x', speed: Number.NaN }))).toBe('speed');
  });

  // Needs `npm run build:server` with the demo agent compiled; skipped otherwise.
  it.skipIf(!existsSync(join(repoRoot(), 'dist', 'src', 'demo', 'demo-agent.js')))(
    'starts a real demo agent that prints stream-json',
    async () => {
      const { out, code } = await run(demoAgentSpec({ prompt: 'hello', seed: 1, speed: 1000 }));
      expect(code).toBe(0);
      const first = JSON.parse(out.split('\n')[0]!) as { type?: unknown };
      expect(typeof first.type).toBe('string');
    },
    20_000,
  );
});
