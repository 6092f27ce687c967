// Retention: which executions a policy removes, removing them without blocking, and reporting it.
export { checkPolicy, describePolicy, planPrune, type PruneItem, type RetentionPolicy } from './policy.js';
export { prune, type PruneOptions, type PruneReport } from './prune.js';
export { formatPruneReport } from './format-report.js';
export { policyFromFlags, type RetentionFlags } from './options.js';
export { formatSize, parseDuration, parseSize } from './units.js';
