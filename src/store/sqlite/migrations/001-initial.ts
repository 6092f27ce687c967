// Executions and their log rows. A log row's id is num * 2^24 + record number, so the rows of one
// execution are contiguous in the table b-tree: reading an execution is one rowid range scan, and
// rowid tables keep large blobs (segments) out of the way of the b-tree (unlike WITHOUT ROWID).
export default `
CREATE TABLE executions (
  num INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  executor TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT,
  status TEXT NOT NULL,
  command TEXT,
  prompt TEXT,
  cwd TEXT,
  exit_code INTEGER,
  signal TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  lines INTEGER NOT NULL DEFAULT 0,
  deltas_folded INTEGER NOT NULL DEFAULT 0,
  duplicates_dropped INTEGER NOT NULL DEFAULT 0,
  bytes_in INTEGER NOT NULL DEFAULT 0,
  compacted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX executions_by_status ON executions (status, num);
CREATE INDEX executions_by_kind ON executions (kind, num);
CREATE TABLE log_records (
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  seq_first INTEGER NOT NULL,
  seq_last INTEGER NOT NULL,
  body BLOB NOT NULL
);
`;
