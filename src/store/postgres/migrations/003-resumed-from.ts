// Follow-up prompts: the execution an agent run continues (its session), and an index to find a run's
// follow-ups (the "next" links) without scanning. (As the SQLite store's migration 4.)
export default `
ALTER TABLE executions ADD COLUMN resumed_from text;
CREATE INDEX executions_by_resumed_from ON executions (resumed_from) WHERE resumed_from IS NOT NULL;
`;
