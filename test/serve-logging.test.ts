// What `tokenfold serve` prints: one readable start line, nothing per request, a line per warning; with
// --log-level debug --log-format json, pino JSON lines including one per request, never the token.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './support/server-process.js';
import { tempDir } from './support/store-helpers.js';

const tmp = tempDir('tf-serve-log-');
afterAll(() => tmp.cleanup());

/** Starts a server, makes `requests` to it once it listens, stops it; what it printed on each stream. */
async function serve(
  args: string[],
  requests: (base: string, startLine: string) => Promise<void>,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const db = join(tmp.dir, `${args.join('_').replace(/\W/g, '')}.db`);
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('close', resolve));
  const start = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line: ${stdout}${stderr}`)), 20_000);
    proc.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) (clearTimeout(timer), resolve(stdout.split('\n')[0]!));
    });
  });
  const url = /(http:\/\/[^\s"/]+)/.exec(start)![1]!.replace('0.0.0.0', '127.0.0.1');
  await requests(url, start);
  proc.kill('SIGTERM');
  const code = await exited;
  return { stdout, stderr, code };
}

async function twentyRequests(base: string, query = ''): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await fetch(`${base}/api/info${query}`).then((r) => r.text());
    await fetch(`${base}/api/executions${query}`).then((r) => r.text());
    await fetch(`${base}/api/nope${query}`).then((r) => r.text()); // 404
    await fetch(`${base}/api/executions${query ? query + '&' : '?'}limit=1e3`).then((r) => r.text()); // 400
  }
}

describe('tokenfold serve output', () => {
  it('by default: the start line (URL, database), no line per request', async () => {
    const r = await serve([], (base) => twentyRequests(base));
    const db = join(tmp.dir, '.db');
    expect(r.stdout).toMatch(
      new RegExp(
        `^tokenfold \\S+ listening on http://127\\.0\\.0\\.1:\\d+ database ${db.replace(/[.]/g, '\\.')}\\n$`,
      ),
    );
    // Only the shutdown notice: nothing for the 20 requests, the 404s and the 400s.
    expect(r.stderr).toBe('tokenfold: SIGTERM: stopping children, flushing, closing the database\n');
    expect(r.code).toBe(0);
  }, 30_000);

  it('a generated token is shown once, in the start line, and never logged (debug, JSON)', async () => {
    let token = '';
    const r = await serve(
      ['--host', '0.0.0.0', '--log-level', 'debug', '--log-format', 'json'],
      async (base, start) => {
        token = decodeURIComponent(/token=([^"&\s]+)/.exec(start)![1]!);
        await twentyRequests(base, `?token=${encodeURIComponent(token)}`);
      },
    );
    const [first, ...rest] = r.stdout.trim().split('\n');
    expect(JSON.parse(first!)).toMatchObject({
      msg: 'listening',
      tokenRequired: true,
      url: expect.stringContaining(`token=${token}`),
    });
    const lines = rest.map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    expect(lines.filter((l) => l.msg === 'incoming request')).toHaveLength(20);
    expect(lines.find((l) => l.req?.url.startsWith('/api/info'))?.req?.url).toBe(
      '/api/info?token=[redacted]',
    );
    expect(rest.join('\n') + r.stderr).not.toContain(token);
    expect(token.length).toBeGreaterThan(16);
  }, 30_000);

  it('--log-level warn (or --quiet) leaves out the info lines', async () => {
    const r = await serve(['--log-level', 'warn'], (base) => twentyRequests(base));
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe('');
  }, 30_000);

  it('refuses an unknown level or format, naming the choices', async () => {
    const { spawnSync } = await import('node:child_process');
    const bad = spawnSync(process.execPath, [CLI, 'serve', '--log-level', 'loud'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('error, warn, info, debug');
  });
});
