import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from './demo-args.js';

describe('parseDemoArgs', () => {
  it('accepts the arguments tokenfold passes to claude, and takes the prompt from -p', () => {
    const argv = [
      '-p',
      'Fix the login bug',
      '--verbose',
      '--output-format=stream-json',
      '--include-partial-messages',
      '--model',
      'opus',
      '--permission-mode',
      'acceptEdits',
      '--dangerously-skip-permissions',
    ];
    expect(parseDemoArgs(argv, {})).toEqual({ prompt: 'Fix the login bug' });
    expect(parseDemoArgs(['--print', 'hello', '--output-format', 'stream-json'], {})).toEqual({
      prompt: 'hello',
    });
    expect(parseDemoArgs(['-p', '--verbose', 'positional prompt'], {})).toEqual({
      prompt: 'positional prompt',
    });
  });

  it('takes everything after `--` as the prompt, options included', () => {
    expect(parseDemoArgs(['--print', '--verbose', '--', '--seed', '3'], {})).toEqual({ prompt: '--seed 3' });
    expect(parseDemoArgs(['--print', '--', '- [ ] fix it'], {})).toEqual({ prompt: '- [ ] fix it' });
    expect(parseDemoArgs(['--print', '--'], {})).toEqual({});
  });

  it('reads --seed, --speed, --deltas (both `--x v` and `--x=v`)', () => {
    expect(parseDemoArgs(['--seed', '-7', '--speed=2.5', '--deltas', '120'], {})).toEqual({
      seed: -7,
      speed: 2.5,
      deltas: 120,
    });
    expect(parseDemoArgs(['--speed', '0'], {}).speed).toBe(0);
    expect(parseDemoArgs(['--speed', 'Infinity'], {}).speed).toBe(Infinity);
  });

  it('lets TOKENFOLD_DEMO_* override the flags', () => {
    const env = { TOKENFOLD_DEMO_SPEED: '50', TOKENFOLD_DEMO_SEED: '9', TOKENFOLD_DEMO_DELTAS: '80' };
    expect(parseDemoArgs(['--speed', '1', '--seed', '1', '-p', 'x'], env)).toEqual({
      prompt: 'x',
      speed: 50,
      seed: 9,
      deltas: 80,
    });
  });

  it('names the bad value', () => {
    expect(() => parseDemoArgs(['--speed', 'fast'], {})).toThrow(/--speed .*"fast"/);
    expect(() => parseDemoArgs(['--deltas', '0'], {})).toThrow(/--deltas/);
    expect(() => parseDemoArgs(['--seed'], {})).toThrow(/--seed needs a value/);
    expect(() => parseDemoArgs([], { TOKENFOLD_DEMO_SEED: '1.5' })).toThrow(/TOKENFOLD_DEMO_SEED/);
  });
});
