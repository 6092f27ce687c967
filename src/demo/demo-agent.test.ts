import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateClaudeRun } from './claude-run.js';
import { runDemoAgent } from './demo-agent.js';

// Needs the compiled output (`npx tsc -p tsconfig.json`; `npm test` builds first).
const FAKE_CLAUDE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'fake-claude', 'claude');

class Collect extends Writable {
  text = '';
  maxBuffered = 0;
  constructor(
    private readonly delayMs = 0,
    highWaterMark = 16 * 1024,
  ) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk;
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    if (this.delayMs > 0) setTimeout(cb, this.delayMs);
    else cb();
  }
  lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }
}

const deltaLines = (lines: string[]) => lines.filter((l) => l.includes('"content_block_delta"'));

describe('runDemoAgent', () => {
  it('at speed 50 with ~100 deltas takes the scheduled time (sum of delays / 50)', async () => {
    const expected = [...generateClaudeRun({ seed: 21, targetDeltas: 100 })];
    const expectedMs = expected.reduce((n, l) => n + l.delayMs, 0) / 50;
    const out = new Collect();
    const t0 = performance.now();
    await runDemoAgent({ seed: 21, speed: 50, targetDeltas: 100, out });
    const took = performance.now() - t0;
    expect(expectedMs).toBeGreaterThan(200);
    expect(took).toBeGreaterThan(expectedMs * 0.9);
    expect(took).toBeLessThan(expectedMs * 1.5 + 300);
    const lines = out.lines();
    expect(lines).toHaveLength(expected.length);
    expect(deltaLines(lines)).toEqual(deltaLines(expected.map((l) => l.line)));
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('speed 0 means no delays', async () => {
    const out = new Collect();
    const t0 = performance.now();
    await runDemoAgent({ seed: 1, speed: 0, targetDeltas: 400, out });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(JSON.parse(out.lines().at(-1)!).type).toBe('result');
  });

  it('respects backpressure: a slow reader gets everything, in order, without unbounded buffering', async () => {
    const out = new Collect(1, 4096);
    await runDemoAgent({ seed: 3, speed: 0, targetDeltas: 1500, out });
    const expected = [...generateClaudeRun({ seed: 3, targetDeltas: 1500 })].map((l) => l.line);
    expect(out.lines()).toHaveLength(expected.length);
    expect(deltaLines(out.lines())).toEqual(deltaLines(expected));
    // Ignoring write()'s return value would queue the whole run (far more than this) in the stream.
    expect(out.text.length).toBeGreaterThan(500_000);
    expect(out.maxBuffered).toBeLessThan(4096 + 80 * 1024);
  });

  it('stops at the next line when the signal aborts', async () => {
    const out = new Collect();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const t0 = performance.now();
    await runDemoAgent({ seed: 4, speed: 1, targetDeltas: 400, out, signal: ac.signal });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(out.lines().length).toBeLessThan(5);
  });
});

describe('fake claude (demoAgentMain as a child process)', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawn(FAKE_CLAUDE, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

  it('prints a whole run at TOKENFOLD_DEMO_SPEED=0 and exits 0, echoing the prompt', async () => {
    const child = run(
      ['-p', 'Fix the login bug', '--verbose', '--output-format=stream-json', '--include-partial-messages'],
      { TOKENFOLD_DEMO_SPEED: '0', TOKENFOLD_DEMO_DELTAS: '120', TOKENFOLD_DEMO_SEED: '5' },
    );
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const objs = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objs[1].message.content[0].text).toBe('Fix the login bug');
    expect(objs.at(-1).type).toBe('result');
    expect(deltaLines(text.trim().split('\n')).length).toBe(120);
  });

  for (const [signal, expected] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`stops writing and exits ${expected} on ${signal}`, async () => {
      const child = run(['-p', 'hello'], { TOKENFOLD_DEMO_SPEED: '1', TOKENFOLD_DEMO_DELTAS: '400' });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      await new Promise<void>((resolve) => child.stdout.on('data', () => text.includes('\n') && resolve()));
      child.kill(signal);
      const [code] = await once(child, 'exit');
      expect(code).toBe(expected);
      expect(text).not.toContain('"type":"result"');
    });
  }

  it('exits 2 with a message on a bad argument', async () => {
    const child = run(['--speed', 'fast'], {});
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toMatch(/--speed/);
  });
});
