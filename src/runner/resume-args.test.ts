// `--resume SESSION_ID` goes before `--` (never after it, where it would be the prompt); a session id that
// could read as an option is refused.
import { describe, expect, it } from 'vitest';
import { claudeCodeSpec, demoAgentSpec } from './executors.js';

describe('resume arguments', () => {
  it('claude: --resume ID before --, the prompt after', () => {
    const { args } = claudeCodeSpec({
      prompt: '--help',
      binary: 'claude',
      resume: 'c733155d-cf3a-4d21-9ef3-8bffc75a817a',
    });
    expect(args.slice(-4)).toEqual(['--resume', 'c733155d-cf3a-4d21-9ef3-8bffc75a817a', '--', '--help']);
    expect(claudeCodeSpec({ prompt: 'hi', binary: 'claude' }).args).not.toContain('--resume');
  });

  it('the demo agent takes it too', () => {
    const { args } = demoAgentSpec({ prompt: 'hi', resume: 'sess-1' });
    expect(args.slice(-5)).toEqual(['--resume', 'sess-1', '--print', '--', 'hi']);
  });

  it('refuses a session id that is not one an agent prints', () => {
    for (const bad of ['--dangerously-skip-permissions', '-x', '', 'a b', 'x\ny']) {
      expect(() => claudeCodeSpec({ prompt: 'hi', binary: 'claude', resume: bad })).toThrow(/resume/);
    }
  });
});
