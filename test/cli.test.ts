// The built CLI as a user runs it: ingest, logs, inspect, and one-line errors.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawDifference } from './support/round-trip.js';
import { tempDir } from './support/store-helpers.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
const FIXTURE = join(
  import.meta.dirname,
  'fixtures',
  'corpus',
  'jdforsythe__yoke__capture-partial-messages.jsonl',
);
const tmp = tempDir('tokenfold-cli-');
const db = join(tmp.dir, 'cli.db');
afterAll(() => tmp.cleanup());

function run(args: string[], input?: Buffer | string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe('tokenfold CLI', () => {
  it('ingests a recorded run, prints only its id, and logs it back in every format', () => {
    const ing = run(['ingest', '--db', db, FIXTURE]);
    expect(ing.code).toBe(0);
    const id = ing.stdout.toString().trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const raw = run(['logs', '--db', db, id, '--format', 'raw']);
    expect(rawDifference(readFileSync(FIXTURE), raw.stdout)).toBeNull();
    const messages = run(['logs', '--db', db, id])
      .stdout.toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const text = messages.find((m) => m.type === 'block' && m.content.text !== undefined);
    expect(text.content.text).toBe(
      '\n\nSilent print statement\nreveals the hidden truth now—\noff by one, again',
    );
    expect(text.deltas).toBe(3);
    const conv = run(['logs', '--db', db, id, '--format', 'conversation']).stdout.toString();
    expect(conv).toContain('off by one, again');
  });

  it('reads standard input and honours TOKENFOLD_DB', () => {
    const other = join(tmp.dir, 'env.db');
    const ing = run(['ingest', '--executor', 'plain', '-'], 'a\r\nb\nc', { TOKENFOLD_DB: other });
    expect(ing.code).toBe(0);
    const raw = run(['logs', ing.stdout.toString().trim(), '--format', 'raw'], undefined, {
      TOKENFOLD_DB: other,
    });
    expect(raw.stdout.toString()).toBe('a\r\nb\nc');
  });

  it('inspects its own database as JSON', () => {
    const d = JSON.parse(run(['inspect', db, '--json']).stdout.toString());
    expect(d.executions).toBe(1);
    expect(d.log_rows).toBe(1);
    expect(d.pragmas.journal_mode).toBe('wal');
    expect(d.executions_detail[0]).toMatchObject({
      kind: 'coding-agent',
      rows: 1,
      deltas_folded: 3,
      duplicates_dropped: 0,
    });
    expect(d.file_bytes).toBeGreaterThan(0);
    // ingest stores the agent run's conversation pages beside its log rows, and inspect counts them.
    expect(d.executions_detail[0].derived_rows).toBeGreaterThan(0);
    expect(d.executions_detail[0].derived_bytes).toBeGreaterThan(0);
    expect(run(['inspect', db]).stdout.toString()).toMatch(
      new RegExp(
        `^derived rows  ${d.executions_detail[0].derived_rows} \\(.*\\): conversation pages of 1 execution`,
        'm',
      ),
    );
  });

  it('reports user mistakes in one line with a non-zero exit, never a stack trace', () => {
    for (const args of [
      ['logs', '--db', db, 'no-such-id'],
      ['ingest', '--db', db, '/no/such/file'],
      ['logs', '--db', db, 'x', '--format', 'bogus'],
      ['inspect', '/no/such.db'],
      ['inspect', FIXTURE],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^tokenfold: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
