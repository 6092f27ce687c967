// Instances sharing the database, each with a lease (renewed by its commits and a timer, on the
// database's clock), and the instance that owns each execution: recovery after a crash touches only the
// executions of instances whose lease has expired, never the running executions of live ones.
export default `
CREATE TABLE instances (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz NOT NULL
);
ALTER TABLE executions ADD COLUMN owner text;
CREATE INDEX executions_running_by_owner ON executions (owner) WHERE status = 'running';
`;
