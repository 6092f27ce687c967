// Records derived from an execution's history (its conversation entries, paged), kept beside its log rows so
// a reader need not rebuild them. Keyed (execution, kind, record number): one execution's records of one kind
// are one primary-key range. Bodies are deflated already: stored uncompressed (STORAGE EXTERNAL), as log rows.
// (As the SQLite store's migration 5.)
export default `
CREATE TABLE derived_records (
  exec_num bigint NOT NULL,
  kind smallint NOT NULL,
  record_no integer NOT NULL,
  body bytea NOT NULL,
  PRIMARY KEY (exec_num, kind, record_no)
);
ALTER TABLE derived_records ALTER COLUMN body SET STORAGE EXTERNAL;
`;
