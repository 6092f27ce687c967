// DDL of the slow one-row-per-output-chunk layout (vibe-kanban style), as its own SQLite migrations leave it.
// execution_process_logs lost its PRIMARY KEY in a later migration (each row became one JSONL record
// appended on its own); the index that replaced it is (execution_id, inserted_at).
import { openWritable, type LegacyDatabase } from './db.js';

export type LegacyKind = 'coding-agent' | 'dev-server' | 'script';

export const SLOW_LAYOUT_DDL = `
CREATE TABLE IF NOT EXISTS execution_processes (
  id              BLOB PRIMARY KEY,
  task_attempt_id BLOB NOT NULL,
  run_reason      TEXT NOT NULL DEFAULT 'setupscript'
                  CHECK (run_reason IN ('setupscript', 'cleanupscript', 'codingagent', 'devserver')),
  executor_action TEXT NOT NULL DEFAULT '{}',
  status          TEXT NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'completed', 'failed', 'killed')),
  exit_code       INTEGER,
  started_at      TEXT NOT NULL DEFAULT (datetime('now', 'subsec')),
  completed_at    TEXT,
  created_at      TEXT NOT NULL DEFAULT (datetime('now', 'subsec')),
  updated_at      TEXT NOT NULL DEFAULT (datetime('now', 'subsec'))
);
CREATE INDEX IF NOT EXISTS idx_execution_processes_task_attempt_id ON execution_processes (task_attempt_id);
CREATE TABLE IF NOT EXISTS execution_process_logs (
  execution_id BLOB NOT NULL,
  logs         TEXT NOT NULL,
  byte_size    INTEGER NOT NULL,
  inserted_at  TEXT NOT NULL DEFAULT (datetime('now', 'subsec')),
  FOREIGN KEY (execution_id) REFERENCES execution_processes (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_execution_process_logs_execution_id_inserted_at
  ON execution_process_logs (execution_id, inserted_at);
`;

export function createSlowLayoutSchema(db: LegacyDatabase): void {
  db.exec(SLOW_LAYOUT_DDL);
}

/** Creates (or opens) `path` with the slow layout's tables; the caller closes the handle. */
export function createSlowLayoutDatabase(path: string): LegacyDatabase {
  const db = openWritable(path);
  try {
    createSlowLayoutSchema(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function runReasonFor(kind: 'coding-agent' | 'dev-server'): string {
  return kind === 'coding-agent' ? 'codingagent' : 'devserver';
}

/** setupscript, cleanupscript and any run_reason a fork added are 'script'. */
export function kindOfRunReason(runReason: unknown): LegacyKind {
  return runReason === 'codingagent' ? 'coding-agent' : runReason === 'devserver' ? 'dev-server' : 'script';
}
