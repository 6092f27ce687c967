// A real `tokenfold serve` child process on an ephemeral port (for crash and browser tests).
import { jsonClient, type JsonClient } from './json-client.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'bin', 'tokenfold.js');

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  json: JsonClient;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function serveProcess(db: string, extra: string[] = []): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db, '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`server exited early (${code}): ${out}`));
    proc.on('exit', onExit);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      proc.off('exit', onExit);
      const url = m[1]!.replace(/\/$/, '');
      resolve({
        proc,
        url,
        json: jsonClient(url),
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

/** `tokenfold ingest` through the CLI; returns the new execution id. */
export function ingestFile(db: string, file: string): string {
  const r = spawnSync(process.execPath, [CLI, 'ingest', '--db', db, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}
