// `tokenfold import` through the built CLI (dist/, built by `npm test` or `npx tsc -p tsconfig.json`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlowLayoutReader } from '../slow-layout/slow-reader.js';
import { EXPECTED, IDS, writeFixture } from '../../test/support/slow-fixture.js';
import { EOL_TEXT, asLine } from './source-lines.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'tokenfold.js');
let dir: string;
let src: string;
let dest: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, TOKENFOLD_DB: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'import.js')))
    throw new Error('build first: npx tsc -p tsconfig.json');
  dir = mkdtempSync(join(tmpdir(), 'tf-import-cli-'));
  src = join(dir, 'slow.db');
  dest = join(dir, 'tokenfold.db');
  writeFixture(src);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tokenfold import', () => {
  it('imports with --verify, leaves SRC untouched, and skips everything on a re-run', () => {
    const before = readFileSync(src);
    const mtime = statSync(src).mtimeMs;
    const r = run('import', src, '--db', dest, '--verify');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/log rows\s+34\s+6\s+5\.7×/);
    expect(r.stdout).toContain(`${EXPECTED.executions} imported, 0 redone, 0 skipped`);
    expect(r.stdout).toContain(
      `deltas folded ${EXPECTED.deltasFolded}, exact repeats ${EXPECTED.duplicatesDropped} (kept for raw)`,
    );
    expect(r.stdout).toContain(
      `${EXPECTED.events} events, ${EXPECTED.malformed} malformed records; ${EXPECTED.orphans} orphaned logs`,
    );
    expect(r.stdout).toContain('verify         OK');
    const again = run('import', src, '--db', dest);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 imported, 0 redone, ${EXPECTED.executions} skipped`);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(src))).toBe(sha(before));
    expect(statSync(src).mtimeMs).toBe(mtime);
  });

  it('`logs <uuid> --format raw` prints the source lines byte for byte; `deltas` leaves out the repeats', () => {
    const server = run('logs', IDS.server, '--db', dest, '--format', 'deltas');
    expect(server.stdout).toBe(
      'server starting\r\nlistening on :3000\r\nGET / 200\nwarn: deprecated api\npartial line ünïcödé ✓\r\nbye',
    );
    const reader = new SlowLayoutReader(src);
    const want = [...reader.readEntries(IDS.agent)]
      .map((e) => asLine(e))
      .map((l) => l.text + EOL_TEXT[l.eol]);
    reader.close();
    expect(run('logs', IDS.agent, '--db', dest, '--format', 'raw').stdout).toBe(want.join(''));
    const kept = want.filter((l, i) => l !== want[i - 1]); // the fixture's two duplicates repeat the line before
    expect(run('logs', IDS.agent, '--db', dest, '--format', 'deltas').stdout).toBe(kept.join(''));
  });

  it('refuses a SRC that is not the slow layout in one line, without creating DEST', () => {
    const other = join(dir, 'other.db');
    for (const args of [
      ['import', dest, '--db', other],
      ['import', join(dir, 'missing.db'), '--db', other],
      ['import', src, '--db', src],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^tokenfold: (.* is not a database in the slow layout|cannot read|the source .* same file)/,
      );
    }
    expect(existsSync(other)).toBe(false);
  });
});
