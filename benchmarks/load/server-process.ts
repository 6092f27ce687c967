// Starts a server as a child process, waits for its `listening on http://…` line, reads its peak RSS, stops it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Peak resident set size (VmHWM) so far, in bytes. */
  peakRssBytes(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function startServer(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${command} ${args.join(' ')}: no "listening on" line within ${timeoutMs} ms\n${out}${err}`,
          ),
        ),
      timeoutMs,
    );
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/[^\s/]+)/.exec(out);
      if (m !== null) (clearTimeout(timer), resolve(m[1]!));
    });
    child.once(
      'exit',
      (code) => (
        clearTimeout(timer),
        reject(new Error(`server exited (${code}) before listening:\n${out}${err}`))
      ),
    );
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    stderr: () => err,
    peakRssBytes: () => vmHwmBytes(pid),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmHWM of a live process (Linux), in bytes; 0 where /proc is not available. */
export function vmHwmBytes(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}
