import { describe, expect, it } from 'vitest';
import { TokenfoldError } from '../errors.js';
import { agentBinOption } from './agent-bin-option.js';

describe('--agent-bin AGENT=PATH', () => {
  it('collects one executable per agent, the last one given winning', () => {
    const bins = ['codex=/opt/codex', 'qwen-code=/usr/bin/qwen', 'codex=/opt/codex2', 'cursor=a=b'].reduce(
      (acc, v) => agentBinOption(v, acc),
      {},
    );
    expect(bins).toEqual({ codex: '/opt/codex2', 'qwen-code': '/usr/bin/qwen', cursor: 'a=b' });
  });

  it.each(['codex', 'codex=', '=/bin/x', 'claude-code=/bin/claude', 'aider=/bin/aider'])(
    'refuses %j, naming the option and the agents',
    (v) => {
      expect(() => agentBinOption(v, {})).toThrow(TokenfoldError);
      expect(() => agentBinOption(v, {})).toThrow(
        /^--agent-bin must be AGENT=PATH with AGENT one of codex, gemini, cursor, qwen-code/,
      );
    },
  );
});
