// Records derived from an execution's history (its conversation entries, paged), kept beside its log rows so
// a reader need not rebuild them: id = num * 2^24 + kind * 2^20 + record number, so one execution's records
// of one kind are one rowid range, and deleting an execution deletes its range (never the only copy of anything).
export default `
CREATE TABLE derived_records (
  id INTEGER PRIMARY KEY,
  body BLOB NOT NULL
);
`;
