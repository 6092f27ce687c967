// Lines a format recognised as deltas but could not fold, in total and by reason (JSON object): a new
// agent CLI version that defeats folding shows up in `inspect` and `/api/info` instead of silently
// storing every line whole.
export default `
ALTER TABLE executions ADD COLUMN deltas_unfolded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE executions ADD COLUMN unfolded_reasons TEXT;
`;
