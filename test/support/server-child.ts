// A real `tokenfold serve` child process whose stdout and stderr are kept, for tests that read the
// server's log (refusals, degraded storage, recovery) or kill it with -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { jsonClient, type JsonClient } from './json-client.js';
import { CLI } from './server-process.js';

export interface ServerChild {
  proc: ChildProcess;
  url: string;
  json: JsonClient;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

function spawnServer(db: string, extra: string[]) {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db, '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Resolves once the server listens; rejects (with what it printed) if it exits first or takes 20 s. */
export function startServer(db: string, extra: string[] = []): Promise<ServerChild> {
  const { proc, output, exited } = spawnServer(db, extra);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (proc.kill('SIGKILL'), reject(new Error(`server did not start: ${output()}`))),
      20_000,
    );
    void exited.then(
      (code) => (clearTimeout(timer), reject(new Error(`server exited early (${code}): ${output()}`))),
    );
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(output());
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      const url = m[1]!.replace(/\/$/, '');
      const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
        return exited;
      };
      resolve({ proc, url, json: jsonClient(url), output, exited, stop });
    }, 20);
    void exited.then(() => clearInterval(poll));
  });
}

/** Runs a server expected to refuse to start: its exit code and output (killed after 20 s). */
export async function refusedServer(
  db: string,
  extra: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const { proc, output, exited } = spawnServer(db, extra);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}
