import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChild } from './spawn-child.js';
import { statusFromExit } from './status.js';
import type { ChildSpec, RunningChild } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenfold-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  chmodSync(path, 0o755);
  return path;
}

const sh = (command: string): ChildSpec => ({ file: command, args: [], shell: true });

function collect(child: RunningChild): { out: () => string; err: () => string; outChunks: Buffer[] } {
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  child.onStdout((c) => outChunks.push(c));
  child.onStderr((c) => errChunks.push(c));
  return {
    out: () => Buffer.concat(outChunks).toString(),
    err: () => Buffer.concat(errChunks).toString(),
    outChunks,
  };
}

/** Resolves once stdout contains `text`. */
function waitFor(child: RunningChild, text: string): Promise<string> {
  let seen = '';
  return new Promise((resolve) => {
    const off = child.onStdout((c) => {
      seen += c.toString();
      if (seen.includes(text)) {
        off();
        resolve(seen);
      }
    });
  });
}

/** Alive and not a zombie (an orphaned zombie may linger if nothing reaps it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function goneSoon(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('spawnChild output', () => {
  it('delivers 10,000 lines written one by one, in order and complete, before exited resolves', async () => {
    const file = script(
      'lines.mjs',
      'for (let i = 0; i < 10000; i++) process.stdout.write(`line ${i}\\n`);\n',
    );
    const child = spawnChild({ file: process.execPath, args: [file] });
    const io = collect(child);
    const exit = await child.exited;
    expect(exit).toEqual({ exitCode: 0, signal: null });
    const expected = Array.from({ length: 10000 }, (_, i) => `line ${i}\n`).join('');
    expect(io.out()).toBe(expected);
    expect(io.outChunks.length).toBeGreaterThan(0);
  });

  it('keeps stderr apart from stdout', async () => {
    const child = spawnChild(sh('echo out; echo err >&2; echo out2'));
    const io = collect(child);
    await child.exited;
    expect(io.out()).toBe('out\nout2\n');
    expect(io.err()).toBe('err\n');
  });

  it('waits for output of a grandchild that outlives the leader', async () => {
    const child = spawnChild(sh('(sleep 0.2; echo late) & echo early'));
    const io = collect(child);
    const exit = await child.exited;
    expect(exit.exitCode).toBe(0);
    expect(io.out()).toBe('early\nlate\n');
  });

  it('passes args verbatim (no shell) and honours cwd and env', async () => {
    const child = spawnChild({
      file: '/bin/sh',
      args: ['-c', 'printf "%s|%s|%s" "$1" "$PWD" "$TF_X"', 'x', 'a b;$c'],
      cwd: dir,
      env: { ...process.env, TF_X: 'y' },
    });
    const io = collect(child);
    await child.exited;
    expect(io.out()).toBe(`a b;$c|${dir}|y`);
  });

  it('a listener that unsubscribes receives nothing more', async () => {
    const child = spawnChild(sh('echo one; sleep 0.1; echo two'));
    const io = collect(child);
    const got: string[] = [];
    const off = child.onStdout((c) => {
      got.push(c.toString());
      off();
    });
    await child.exited;
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^one\n/);
    expect(io.out()).toBe('one\ntwo\n');
  });
});

describe('spawnChild exit and failures', () => {
  it('exit code 3 is failed with exitCode 3', async () => {
    const child = spawnChild(sh('exit 3'));
    const exit = await child.exited;
    expect(exit).toEqual({ exitCode: 3, signal: null });
    expect(statusFromExit(exit, child.stoppedByUser)).toEqual({
      status: 'failed',
      exitCode: 3,
      signal: null,
    });
  });

  it('a missing binary resolves exited with a clear error and never throws', async () => {
    let child: RunningChild | undefined;
    expect(
      () => (child = spawnChild({ file: 'tokenfold-no-such-binary-xyz', args: ['-p', 'hi'] })),
    ).not.toThrow();
    expect(child!.pid).toBeUndefined();
    const exit = await child!.exited;
    expect(exit.error?.message).toBe('cannot start "tokenfold-no-such-binary-xyz": not found on PATH');
    expect(exit.exitCode).toBeNull();
    expect(statusFromExit(exit, child!.stoppedByUser).status).toBe('failed');
    expect(await child!.stop()).toBe(exit);
  });

  it('names a missing path, a non-executable file and a bad cwd', async () => {
    const notExec = join(dir, 'plain.txt');
    writeFileSync(notExec, 'x');
    const cases: [ChildSpec, string][] = [
      [{ file: join(dir, 'nope'), args: [] }, `cannot start "${join(dir, 'nope')}": no such file`],
      [{ file: notExec, args: [] }, `cannot start "${notExec}": permission denied`],
      [
        { file: '/bin/sh', args: [], cwd: join(dir, 'no-dir') },
        `working directory "${join(dir, 'no-dir')}" does not exist`,
      ],
    ];
    for (const [spec, message] of cases) {
      const exit = await spawnChild(spec).exited;
      expect(exit.error?.message).toContain(message);
    }
  });

  it('a synchronous spawn failure (NUL byte in an argument) also resolves instead of throwing', async () => {
    const exit = await spawnChild({ file: '/bin/echo', args: ['a\0b'] }).exited;
    expect(exit.error?.message).toMatch(/^cannot start "\/bin\/echo"/);
  });
});

// Short timeouts: a stop() that fails to reach the group would otherwise hang for the default 60 s.
describe('stop', { timeout: 5000 }, () => {
  it('terminates the whole process group, grandchildren included', async () => {
    const child = spawnChild(sh('sleep 100 & echo "gc $!"; sleep 100; wait'));
    const seen = await waitFor(child, '\n');
    const grandchild = Number(/gc (\d+)/.exec(seen)![1]);
    expect(alive(grandchild)).toBe(true);
    const exit = await child.stop(2000);
    expect(exit.signal).toBe('SIGTERM');
    expect(child.stoppedByUser).toBe(true);
    expect(statusFromExit(exit, child.stoppedByUser).status).toBe('killed');
    // Dead: process.kill(pid, 0) throws, or it is a zombie left unreaped (this sandbox's init does not reap orphans).
    expect(await goneSoon(grandchild)).toBe(true);
  });

  it('SIGKILLs a child that ignores SIGTERM after the grace period', async () => {
    const child = spawnChild(sh("trap '' TERM; echo ready; sleep 100"));
    await waitFor(child, 'ready');
    const started = Date.now();
    const exit = await child.stop(300);
    const took = Date.now() - started;
    expect(exit.signal).toBe('SIGKILL');
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(3000);
    expect(statusFromExit(exit, child.stoppedByUser)).toEqual({
      status: 'killed',
      exitCode: null,
      signal: 'SIGKILL',
    });
  });

  it('is idempotent and a child stopping gracefully with exit 0 still counts as killed', async () => {
    const child = spawnChild(sh("trap 'exit 0' TERM; echo ready; while :; do sleep 0.05; done"));
    await waitFor(child, 'ready');
    const a = child.stop(2000);
    const b = child.stop(10);
    expect(b).toBe(a);
    const exit = await a;
    expect(exit.exitCode).toBe(0);
    expect(statusFromExit(exit, child.stoppedByUser).status).toBe('killed');
  });

  it('after a natural exit, stop() changes nothing and stoppedByUser stays false', async () => {
    const child = spawnChild(sh('exit 0'));
    const exit = await child.exited;
    expect(await child.stop()).toBe(exit);
    expect(child.stoppedByUser).toBe(false);
    expect(statusFromExit(exit, child.stoppedByUser).status).toBe('completed');
  });
});

describe('driver', () => {
  it('with a driver, the child reads what the driver writes, and a failure the driver reports fails the run', async () => {
    // The shell echoes each line it reads on stdin until stdin closes; the driver answers ping with pong.
    const seen: string[] = [];
    const child = spawnChild({
      ...sh('while read -r l; do echo "$l"; done'),
      driver: {
        start: (stdin) => {
          stdin.write('ping\n');
          return (chunk) => {
            seen.push(chunk.toString());
            if (seen.join('') === 'ping\n') stdin.write('pong\n');
            else if (seen.join('').includes('pong\n')) stdin.end(new Error('the agent said pong'));
          };
        },
      },
    });
    const out = collect(child);
    const exit = await child.exited;
    expect(out.out()).toBe('ping\npong\n');
    expect(exit.exitCode).toBe(0);
    expect(exit.error?.message).toBe('the agent said pong');
    expect(statusFromExit(exit, child.stoppedByUser).status).toBe('failed');
  });
});
