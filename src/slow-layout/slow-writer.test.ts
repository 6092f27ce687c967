import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlowLayoutWriter, chunkRecord } from './slow-writer.js';
import { uuidToBlob } from './uuid-blob.js';

const A = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const B = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';
let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'tf-legacy-writer-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SlowLayoutWriter', () => {
  it('runs with the slow settings: DELETE journal, synchronous=FULL, foreign keys', () => {
    const w = new SlowLayoutWriter(join(dir, 'slow.db'));
    expect(w.db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(w.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(w.db.pragma('foreign_keys', { simple: true })).toBe(1);
    w.close();
  });

  it('creates the real layout: tables, columns and the (execution_id, inserted_at) index', () => {
    const path = join(dir, 'slow.db');
    new SlowLayoutWriter(path).close();
    const db = new Database(path, { readonly: true });
    const cols = (t: string) =>
      (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('execution_processes')).toEqual([
      'id',
      'task_attempt_id',
      'run_reason',
      'executor_action',
      'status',
      'exit_code',
      'started_at',
      'completed_at',
      'created_at',
      'updated_at',
    ]);
    expect(cols('execution_process_logs')).toEqual(['execution_id', 'logs', 'byte_size', 'inserted_at']);
    const idx = db
      .prepare("PRAGMA index_info('idx_execution_process_logs_execution_id_inserted_at')")
      .all() as { name: string }[];
    expect(idx.map((c) => c.name)).toEqual(['execution_id', 'inserted_at']);
    db.close();
  });

  it('writes one autocommitted row per line: a JSONL record of the chunk with its newline, exact byte_size', () => {
    const path = join(dir, 'slow.db');
    const w = new SlowLayoutWriter(path);
    w.addExecution({ id: A, kind: 'coding-agent', startedAt: '2025-01-01T00:00:00Z' });
    w.addExecution({
      id: B,
      kind: 'dev-server',
      startedAt: '2025-01-01T00:00:01Z',
      endedAt: '2025-01-01T00:00:09Z',
      exitCode: 1,
    });
    w.appendLine(A, 'stdout', 'héllo "quoted"');
    w.appendLine(A, 'stderr', 'oops');
    w.writeChunk(B, 'stdout', 'par');
    w.writeRecord(B, '{"SessionId":"s"}\n');
    w.finish(A, 'completed', 0, '2025-01-01T00:01:00Z');
    w.close();
    expect(readdirSync(dir)).toEqual(['slow.db']);

    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare('SELECT execution_id, logs, byte_size, inserted_at FROM execution_process_logs ORDER BY rowid')
      .all() as {
      execution_id: Buffer;
      logs: string;
      byte_size: number;
      inserted_at: string;
    }[];
    expect(rows.map((r) => r.logs)).toEqual([
      '{"Stdout":"héllo \\"quoted\\"\\n"}\n',
      '{"Stderr":"oops\\n"}\n',
      '{"Stdout":"par"}\n',
      '{"SessionId":"s"}\n',
    ]);
    expect(rows.map((r) => r.byte_size)).toEqual(rows.map((r) => Buffer.byteLength(r.logs)));
    expect(rows[0]!.execution_id.equals(uuidToBlob(A))).toBe(true);
    expect(rows[0]!.inserted_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(chunkRecord('stderr', 'x')).toBe('{"Stderr":"x"}\n');

    const execs = db.prepare('SELECT * FROM execution_processes ORDER BY rowid').all() as Record<
      string,
      unknown
    >[];
    expect(execs.map((e) => [e.run_reason, e.status, e.exit_code, e.started_at, e.completed_at])).toEqual([
      ['codingagent', 'completed', 0, '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z'],
      ['devserver', 'failed', 1, '2025-01-01T00:00:01Z', '2025-01-01T00:00:09Z'],
    ]);
    expect(JSON.parse(String(execs[0]!.executor_action))).toEqual({
      typ: { type: 'CodingAgentInitialRequest' },
    });
    db.close();
  });

  it('refuses logs for an execution that does not exist (foreign key), and bad ids or kinds', () => {
    const w = new SlowLayoutWriter(join(dir, 'slow.db'), { hook: 'aggregate' });
    expect(() => w.appendLine(A, 'stdout', 'x')).toThrow(/FOREIGN KEY/);
    expect(() => w.addExecution({ id: 'nope', kind: 'coding-agent', startedAt: 't' })).toThrow(/not a UUID/);
    expect(() => w.addExecution({ id: A, kind: 'script' as 'dev-server', startedAt: 't' })).toThrow(/kind/);
    w.addExecution({ id: A, kind: 'coding-agent', startedAt: 't' });
    w.appendLine(A, 'stdout', 'x');
    expect((w.db.prepare('SELECT count(*) AS n FROM execution_process_logs').get() as { n: number }).n).toBe(
      1,
    );
    w.close();
  });
});
