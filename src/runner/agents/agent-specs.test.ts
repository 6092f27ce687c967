import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TokenfoldError } from '../../errors.js';
import { AGENT_SPECS } from './agent-specs.js';
import { AGENT_EXECUTORS } from './names.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenfold-agent-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = {
  codex: 'TOKENFOLD_CODEX_BIN',
  gemini: 'TOKENFOLD_GEMINI_BIN',
  cursor: 'TOKENFOLD_CURSOR_BIN',
  'qwen-code': 'TOKENFOLD_QWEN_CODE_BIN',
} as const;
const saved = Object.fromEntries(Object.values(ENV).map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe.each(AGENT_EXECUTORS)('%s spec', (agent) => {
  const spec = AGENT_SPECS[agent];
  it('takes the binary from the request, else its TOKENFOLD_*_BIN, else the usual name', () => {
    delete process.env[ENV[agent]];
    expect(spec({ prompt: 'hi' }).file).toBe(
      { codex: 'codex', gemini: 'gemini', cursor: 'cursor-agent', 'qwen-code': 'qwen' }[agent],
    );
    process.env[ENV[agent]] = '/opt/agent';
    expect(spec({ prompt: 'hi' }).file).toBe('/opt/agent');
    expect(spec({ prompt: 'hi', binary: '/usr/local/bin/x' }).file).toBe('/usr/local/bin/x');
  });

  it('runs in cwd and refuses an empty prompt or a missing cwd, naming the field', () => {
    expect(spec({ prompt: 'hi', cwd: dir }).cwd).toBe(dir);
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as TokenfoldError).field;
      }
    };
    expect(field(() => spec({ prompt: '  ' }))).toBe('prompt');
    expect(field(() => spec({ prompt: 'x', cwd: join(dir, 'missing') }))).toBe('cwd');
    expect(field(() => spec({ prompt: 'x', binary: '' }))).toBe('binary');
  });
});

describe('the prompt on the command line', () => {
  it('is one argument that no option parser can split: --prompt= for gemini, after -- for cursor, never on argv for codex', () => {
    const p = '--yolo "quoted"';
    expect(AGENT_SPECS.gemini({ prompt: p }).args).toEqual([
      `--prompt=${p}`,
      '--output-format',
      'stream-json',
    ]);
    expect(AGENT_SPECS.cursor({ prompt: p }).args).toEqual([
      '--print',
      '--output-format',
      'stream-json',
      '--stream-partial-output',
      '--',
      p,
    ]);
    const codex = AGENT_SPECS.codex({ prompt: p, cwd: dir });
    expect(codex.args).toEqual(['app-server']);
    expect(codex.driver).toBeDefined();
  });

  it('is a separate value for qwen unless it starts with "-" (yargs would strip the quotes of --prompt="…")', () => {
    expect(AGENT_SPECS['qwen-code']({ prompt: '"quoted"' }).args.slice(0, 2)).toEqual([
      '--prompt',
      '"quoted"',
    ]);
    expect(AGENT_SPECS['qwen-code']({ prompt: '-x' }).args[0]).toBe('--prompt=-x');
  });
});

describe('a follow-up prompt (resume)', () => {
  const id = '3f1c2a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f';
  it('continues the session: --resume= for gemini and qwen, --resume before -- for cursor', () => {
    expect(AGENT_SPECS.gemini({ prompt: 'go on', resume: id }).args).toEqual([
      `--resume=${id}`,
      '--prompt=go on',
      '--output-format',
      'stream-json',
    ]);
    expect(AGENT_SPECS['qwen-code']({ prompt: 'go on', resume: id }).args.slice(0, 3)).toEqual([
      `--resume=${id}`,
      '--prompt',
      'go on',
    ]);
    expect(AGENT_SPECS.cursor({ prompt: 'go on', resume: id }).args).toEqual([
      '--print',
      '--output-format',
      'stream-json',
      '--stream-partial-output',
      '--resume',
      id,
      '--',
      'go on',
    ]);
  });

  it('codex resumes the thread over JSON-RPC (thread/resume), then starts the turn on it', () => {
    const sent: Record<string, unknown>[] = [];
    const stdin = { write: (s: string) => void sent.push(JSON.parse(s)), end: () => {} };
    const onChunk = AGENT_SPECS.codex({ prompt: 'go on', resume: 'thr_7' }).driver!.start(stdin);
    onChunk(Buffer.from('{"id":1,"result":{}}\n'));
    expect(sent[2]).toMatchObject({
      method: 'thread/resume',
      params: { threadId: 'thr_7', approvalPolicy: 'never' },
    });
    onChunk(Buffer.from('{"id":2,"result":{"thread":{"id":"thr_7"}}}\n'));
    expect(sent[3]).toMatchObject({
      method: 'turn/start',
      params: { threadId: 'thr_7', input: [{ type: 'text', text: 'go on' }] },
    });
  });

  it('refuses a session id that could read as an option, naming resume', () => {
    for (const agent of AGENT_EXECUTORS)
      expect(() => AGENT_SPECS[agent]({ prompt: 'x', resume: '--yolo' })).toThrow(/session id/);
  });
});
