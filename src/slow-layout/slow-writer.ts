// The benchmark baseline: writes output the way the slow layout's app did, one autocommitted row per chunk.
// Faithful on purpose: journal_mode=DELETE, synchronous=FULL, foreign keys on, no transaction around
// inserts, and after each insert an "update hook" that reads the database again (the orchestrator
// re-read the changed row to push it to the UI). Each `logs` value is one JSONL record with its
// newline, `{"Stdout":"<chunk>"}\n`, and a chunk keeps the process's own "\n": appendLine(x) stores x + "\n".
import { randomUUID } from 'node:crypto';
import { invalid } from '../errors.js';
import type { LegacyDatabase, LegacyStatement } from './db.js';
import { createSlowLayoutDatabase, runReasonFor } from './schema.js';
import { uuidToBlob } from './uuid-blob.js';

export interface SlowExecution {
  id: string;
  kind: 'coding-agent' | 'dev-server';
  startedAt: string;
  endedAt?: string;
  exitCode?: number;
  status?: string;
}

export interface SlowWriterOptions {
  /** 'row' (default): re-read the inserted row and its execution_processes row. 'aggregate' also counts and
   *  sums the execution's logs on every insert, which is quadratic in the execution's length. */
  hook?: 'row' | 'aggregate';
}

const EXECUTOR_ACTION: Record<SlowExecution['kind'], string> = {
  'coding-agent': JSON.stringify({ typ: { type: 'CodingAgentInitialRequest' } }),
  'dev-server': JSON.stringify({ typ: { type: 'ScriptRequest', context: 'DevServer' } }),
};

export class SlowLayoutWriter {
  readonly db: LegacyDatabase;
  readonly #attempt = uuidToBlob(randomUUID());
  readonly #aggregate: boolean;
  readonly #insertExec: LegacyStatement;
  readonly #insertLog: LegacyStatement;
  readonly #finish: LegacyStatement;
  readonly #hookRow: LegacyStatement;
  readonly #hookExec: LegacyStatement;
  readonly #hookAggregate: LegacyStatement;

  constructor(path: string, options: SlowWriterOptions = {}) {
    this.db = createSlowLayoutDatabase(path);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.#aggregate = options.hook === 'aggregate';
    this.#insertExec = this.db.prepare(
      `INSERT INTO execution_processes (id, task_attempt_id, run_reason, executor_action, status, exit_code, started_at, completed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertLog = this.db.prepare(
      `INSERT INTO execution_process_logs (execution_id, logs, byte_size, inserted_at) VALUES (?, ?, ?, datetime('now', 'subsec'))`,
    );
    this.#finish = this.db.prepare(
      'UPDATE execution_processes SET status = ?, exit_code = ?, completed_at = ?, updated_at = ? WHERE id = ?',
    );
    this.#hookRow = this.db.prepare(
      'SELECT execution_id, logs, byte_size, inserted_at FROM execution_process_logs WHERE rowid = ?',
    );
    this.#hookExec = this.db.prepare('SELECT * FROM execution_processes WHERE id = ?');
    this.#hookAggregate = this.db.prepare(
      'SELECT count(*) AS n, sum(byte_size) AS bytes FROM execution_process_logs WHERE execution_id = ?',
    );
  }

  addExecution(e: SlowExecution): void {
    if (e.kind !== 'coding-agent' && e.kind !== 'dev-server')
      throw invalid('kind', `expected coding-agent or dev-server, got ${JSON.stringify(e.kind)}`);
    const status =
      e.status ?? (e.endedAt === undefined ? 'running' : e.exitCode === 0 ? 'completed' : 'failed');
    const updated = e.endedAt ?? e.startedAt;
    this.#insertExec.run(
      uuidToBlob(e.id),
      this.#attempt,
      runReasonFor(e.kind),
      EXECUTOR_ACTION[e.kind],
      status,
      e.exitCode ?? null,
      e.startedAt,
      e.endedAt ?? null,
      e.startedAt,
      updated,
    );
  }

  /** One line of output, without its newline; stored as the chunk `line + "\n"`. */
  appendLine(executionId: string, stream: 'stdout' | 'stderr', line: string): void {
    this.writeChunk(executionId, stream, line + '\n');
  }

  /** One chunk exactly as read from the process: part of a line, a line, or several. */
  writeChunk(executionId: string, stream: 'stdout' | 'stderr', chunk: string): void {
    this.writeRecord(executionId, chunkRecord(stream, chunk));
  }

  /** A raw `logs` value (any record kind, or a malformed one for tests). */
  writeRecord(executionId: string, logs: string): void {
    const id = uuidToBlob(executionId);
    const { lastInsertRowid } = this.#insertLog.run(id, logs, Buffer.byteLength(logs));
    this.#hookRow.get(lastInsertRowid);
    this.#hookExec.get(id);
    if (this.#aggregate) this.#hookAggregate.get(id);
  }

  finish(executionId: string, status: string, exitCode: number | null, endedAt: string): void {
    this.#finish.run(status, exitCode, endedAt, endedAt, uuidToBlob(executionId));
  }

  close(): void {
    this.db.close();
  }
}

/** The `logs` value for one output chunk: `{"Stdout":"…"}` plus the JSONL newline. */
export function chunkRecord(stream: 'stdout' | 'stderr', chunk: string): string {
  return JSON.stringify(stream === 'stdout' ? { Stdout: chunk } : { Stderr: chunk }) + '\n';
}
