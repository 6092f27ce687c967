// Cluster of instances: each instance's internal address (where the others forward live streams and stop
// requests), settings shared by every instance (the generated cluster secret of loopback-only setups),
// and an index for the reaper's sweep of finished runs left uncompacted by an instance that died.
export default `
ALTER TABLE instances ADD COLUMN address text;
CREATE TABLE cluster_settings (
  name text PRIMARY KEY,
  value text NOT NULL
);
CREATE INDEX executions_uncompacted ON executions (num) WHERE NOT compacted;
`;
