import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnosis } from './format-diagnosis.js';
import { inspectSlowLayout } from './inspect-slow-layout.js';
import { createSlowLayoutDatabase } from './schema.js';
import { isSlowLayout } from './detect.js';
import { SlowLayoutReader } from './slow-reader.js';
import { SlowLayoutWriter, chunkRecord } from './slow-writer.js';
import { uuidToBlob } from './uuid-blob.js';

const A = 'aaaaaaaa-0000-4000-8000-00000000000a'; // coding agent with deltas, duplicates, malformed, event, stderr
const B = 'bbbbbbbb-0000-4000-8000-00000000000b'; // dev server, chunks split mid-line, CRLF
const C = 'cccccccc-0000-4000-8000-00000000000c'; // coding agent without logs
const S = '55555555-0000-4000-8000-000000000005'; // setup script
const X = 'eeeeeeee-0000-4000-8000-00000000000e'; // orphan
const Y = 'ffffffff-0000-4000-8000-00000000000f'; // orphan

const delta = (text: string, uuid: string) =>
  JSON.stringify({
    type: 'stream_event',
    event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    session_id: 's',
    parent_tool_use_id: null,
    uuid,
  });
const d1 = delta('Hello', 'u-1');
const d2 = delta(' world', 'u-2');
const init = '{"type":"system","subtype":"init","session_id":"s"}';
const assistant = '{"type":"assistant","message":{"content":[{"type":"text","text":"Hello world"}]}}';
const out = (s: string) => chunkRecord('stdout', s);
const err = (s: string) => chunkRecord('stderr', s);

/** [execution, logs value, kept payload for the import estimate (null: a delta, folded away)] */
const written: [string, string, string | null][] = [
  [A, out(init + '\n'), init + '\n'],
  [A, out(d1 + '\n'), null],
  [A, out(d2 + '\n'), null],
  [A, out(d1 + '\n'), null], // duplicate
  [A, out(d2 + '\n'), null], // duplicate
  [A, out(d1 + '\n'), null], // duplicate
  [A, out(assistant + '\n'), assistant + '\n'],
  [A, 'not json', 'not json'], // malformed
  [A, '{"SessionId":"abc"}\n', '{"SessionId":"abc"}'],
  [A, err('warn\r\n'), 'warn\r\n'],
  [A, out(d1 + '\n' + d2 + '\n'), d1 + '\n' + d2 + '\n'], // two lines in one record: not a delta row
  [A, err(d1 + '\n'), d1 + '\n'], // on stderr: not a delta row
  [B, out('GET /'), 'GET /'],
  [B, out('a 200\r\nGET /b 200\r\n'), 'a 200\r\nGET /b 200\r\n'],
  [B, out(d1 + '\n'), null], // same text as in A, but another execution: not a duplicate
  [B, '{"Stdout":5}\n', '{"Stdout":5}'], // malformed
  [S, out('setup\n'), 'setup\n'],
  [X, out(d1 + '\n'), null],
  [X, out(d1 + '\n'), null], // duplicate, in an orphan
  [X, out('x\n'), null],
  [Y, out('y\n'), null],
];
const bytes = (rows: typeof written) => rows.reduce((n, r) => n + Buffer.byteLength(r[1]), 0);
const of = (id: string) => written.filter((r) => r[0] === id);

let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-slow-layout-inspect-'));
  path = join(dir, 'slow.db');
  const db = createSlowLayoutDatabase(path);
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const exec = db.prepare(
    "INSERT INTO execution_processes (id, task_attempt_id, run_reason) VALUES (?, x'00', ?)",
  );
  for (const [id, reason] of [
    [A, 'codingagent'],
    [B, 'devserver'],
    [C, 'codingagent'],
    [S, 'setupscript'],
  ])
    exec.run(uuidToBlob(id!), reason);
  const ins = db.prepare(
    'INSERT INTO execution_process_logs (execution_id, logs, byte_size) VALUES (?, ?, ?)',
  );
  db.exec('BEGIN');
  // Interleaved, as concurrent executions write: round-robin over the executions' rows.
  const queues = [A, B, S, X, Y].map(of);
  while (queues.some((q) => q.length > 0))
    for (const q of queues)
      if (q.length > 0) ins.run(uuidToBlob(q[0]![0]), q[0]![1], Buffer.byteLength(q.shift()![1]));
  db.exec('COMMIT');
  db.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectSlowLayout', () => {
  it('reports the figures of what was written, exactly', () => {
    const d = inspectSlowLayout(path);
    const total = written.length;
    expect(d.layout).toBe('slow');
    expect(d.file_bytes).toBe(statSync(path).size);
    expect(d.page_size * d.page_count).toBe(d.file_bytes);
    expect(d.freelist_count).toBe(0);
    expect(d.pragmas).toMatchObject({
      journal_mode: 'delete',
      page_size: d.page_size,
      auto_vacuum: 0,
      encoding: 'UTF-8',
    });
    expect(d.log_rows).toBe(21);
    expect(d.log_bytes).toBe(bytes(written));
    expect(d.executions).toBe(4);
    expect(d.executions_with_logs).toBe(3);
    expect(d.avg_rows_per_execution).toBe(17 / 3);
    expect(d.avg_bytes_per_execution).toBe((bytes(of(A)) + bytes(of(B)) + bytes(of(S))) / 3);
    expect(d.largest_execution).toEqual({ id: A, rows: 12, bytes: bytes(of(A)) });
    expect(d.by_kind).toEqual({
      'coding-agent': { executions: 2, rows: 12, bytes: bytes(of(A)), share: 12 / total },
      'dev-server': { executions: 1, rows: 4, bytes: bytes(of(B)), share: 4 / total },
      script: { executions: 1, rows: 1, bytes: bytes(of(S)), share: 1 / total },
    });
    expect([d.delta_rows, d.delta_share]).toEqual([8, 8 / total]);
    expect([d.duplicate_rows, d.duplicate_share]).toEqual([4, 4 / total]);
    expect(d.orphaned_logs).toEqual({ rows: 4, bytes: bytes([...of(X), ...of(Y)]), executions: 2 });
    expect(d.malformed_rows).toBe(2);
  });

  it('estimates the import from the kept payload and a measured brotli ratio', () => {
    const { estimate_after_import: e } = inspectSlowLayout(path);
    const kept = written
      .filter((r) => r[0] !== X && r[0] !== Y)
      .reduce((n, r) => n + (r[2] === null ? 0 : Buffer.byteLength(r[2])), 0);
    expect(e.rows).toBe(3);
    expect(e.kept_payload_bytes).toBe(kept);
    expect(e.sample_bytes).toBe(kept);
    expect(e.compression_ratio).toBeGreaterThan(0);
    expect(e.bytes).toBe(Math.round(kept * e.compression_ratio));
  });

  it('never modifies the database: same bytes, same mtime, no journal files', () => {
    const snap = () => ({
      sha: createHash('sha256').update(readFileSync(path)).digest('hex'),
      mtime: statSync(path).mtimeMs,
      files: readdirSync(dir).sort(),
    });
    const before = snap();
    inspectSlowLayout(path);
    inspectSlowLayout(path);
    expect(snap()).toEqual(before);
    expect(before.files).toEqual(['slow.db']);
  });

  it('is plain JSON', () => {
    const d = inspectSlowLayout(path);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('refuses other databases and missing files, creating nothing', () => {
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => inspectSlowLayout(other)).toThrow(/execution_process_logs/);
    expect(() => new SlowLayoutReader(other)).toThrow(/execution_process_logs/);
    const check = new Database(other, { readonly: true });
    expect(isSlowLayout(check)).toBe(false);
    check.close();
    expect(() => inspectSlowLayout(join(dir, 'missing.db'))).toThrow(/read-only/);
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
    rmSync(other);
  });

  it('counts every row as orphaned when execution_processes is missing', () => {
    const p = join(dir, 'logs-only.db');
    const db = new Database(p);
    db.exec(
      'CREATE TABLE execution_process_logs (execution_id BLOB NOT NULL, logs TEXT NOT NULL, byte_size INTEGER NOT NULL, inserted_at TEXT)',
    );
    db.prepare('INSERT INTO execution_process_logs VALUES (?, ?, 0, NULL)').run(uuidToBlob(A), out('x\n'));
    expect(isSlowLayout(db)).toBe(true);
    db.close();
    const d = inspectSlowLayout(p);
    expect([d.executions, d.log_rows, d.orphaned_logs.rows, d.estimate_after_import.rows]).toEqual([
      0, 1, 1, 0,
    ]);
    rmSync(p);
  });

  it('reads what the slow writer wrote', () => {
    const p = join(dir, 'written.db');
    const w = new SlowLayoutWriter(p);
    w.addExecution({ id: A, kind: 'dev-server', startedAt: '2025-01-01T00:00:00Z' });
    w.appendLine(A, 'stdout', 'ready');
    w.appendLine(A, 'stderr', 'warning');
    w.close();
    const d = inspectSlowLayout(p);
    expect([d.log_rows, d.executions, d.by_kind['dev-server'].rows, d.delta_rows, d.malformed_rows]).toEqual([
      2, 1, 2, 0, 0,
    ]);
    rmSync(p);
  });
});

describe('formatDiagnosis', () => {
  it('renders an aligned report with readable sizes and percentages', () => {
    const text = formatDiagnosis(inspectSlowLayout(path));
    const lines = text.split('\n');
    const column = lines[0]!.indexOf('slow');
    expect(column).toBeGreaterThan(10);
    for (const line of lines)
      expect([line[column - 2], line[column - 1], line[column] !== ' '], line).toEqual([' ', ' ', true]);
    expect(text).toMatch(/^log rows +21 \(\d+(\.\d)? KB\)$/m);
    expect(text).toMatch(/^Claude deltas +8 rows \(38\.1%\)$/m);
    expect(text).toMatch(/^duplicate deltas +4 rows \(19\.0%\)$/m);
    expect(text).toMatch(/^orphaned logs +4 rows, \d+ B, from 2 missing executions$/m);
    expect(text).toMatch(/^by kind +coding-agent +2 executions +12 rows \(57\.1%\)/m);
    expect(text).toMatch(/^ +script +1 executions +1 rows \( 4\.8%\)/m);
    expect(text).toContain(`largest execution    ${A}: 12 rows`);
  });
});
