// The process group a running execution's child leads, and an identity of that process's start (boot id
// and start time), so a restart after `kill -9` can stop orphaned children without hitting a reused pid.
export default `
ALTER TABLE executions ADD COLUMN pgid INTEGER;
ALTER TABLE executions ADD COLUMN pgid_start TEXT;
`;
