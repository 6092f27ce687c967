// `tokenfold serve --db postgres://…` instances as real child processes (several per database), with a
// short lease so tests of reaping stay short, and helpers to start demo runs and read the stored raw.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './server-process.js';
import { FAKE_CLAUDE } from './server-harness.js';

/** Lease of test instances: a dead one's runs are taken over within this + the 2.5 s reaper. */
export const TEST_LEASE_MS = 4000;

export interface Instance {
  proc: ChildProcess;
  url: string;
  /** What it printed on stderr so far. */
  stderr: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export interface InstanceOptions {
  extra?: string[];
  env?: Record<string, string>;
  demoSpeed?: number;
}

export function serveInstance(db: string, o: InstanceOptions = {}): Promise<Instance> {
  const args = [CLI, 'serve', '--port', '0', '--db', db, '--claude-bin', FAKE_CLAUDE];
  args.push('--demo-speed', String(o.demoSpeed ?? 4), '--lease-ms', String(TEST_LEASE_MS));
  const proc = spawn(process.execPath, [...args, ...(o.extra ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`server exited early (${code}): ${out}${err}`));
    proc.on('exit', onExit);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      proc.off('exit', onExit);
      resolve({
        proc,
        url: m[1]!.replace(/\/$/, ''),
        stderr: () => err,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done(proc.exitCode);
            proc.once('exit', (code) => done(code));
            proc.kill(signal);
          }),
      });
    });
  });
}

export const getJson = async <T>(url: string, init?: RequestInit) =>
  (await (await fetch(url, init)).json()) as T;

/** Starts `n` demo runs on an instance; returns their ids. */
export async function startDemoRuns(url: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executor: 'demo', prompt: `run ${i}` }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

/** The exact bytes an execution's process wrote, as stored (the raw download). */
export async function storedRaw(url: string, id: string): Promise<Buffer> {
  const res = await fetch(`${url}/api/executions/${id}/logs?format=raw&download=1`);
  if (res.status !== 200) throw new Error(`raw download: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The bytes line events stand for (the deltas and raw views), in order. */
export function eventBytes(events: readonly { event: string; data: string }[]): Buffer {
  const out: Buffer[] = [];
  for (const e of events) {
    if (e.event === 'line' || e.event === 'stderr') out.push(Buffer.from(e.data + '\n'));
    else if (e.event === 'escaped') {
      const x = JSON.parse(e.data) as { text?: string; base64?: string; eol: 'lf' | 'crlf' | 'none' };
      out.push(x.text !== undefined ? Buffer.from(x.text) : Buffer.from(x.base64!, 'base64'));
      out.push(Buffer.from(x.eol === 'lf' ? '\n' : x.eol === 'crlf' ? '\r\n' : ''));
    }
  }
  return Buffer.concat(out);
}
