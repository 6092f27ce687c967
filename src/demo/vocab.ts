// Word lists the demo run is assembled from: projects, features, modules, identifiers, phrases.

export const PROJECTS = [
  'ledger-api',
  'acme-dashboard',
  'orbit-cli',
  'parcel-tracker',
  'quill-editor',
  'harbor-gateway',
  'sprout-shop',
  'atlas-search',
  'beacon-notify',
  'cinder-cms',
  'delta-sync',
  'fjord-billing',
] as const;

export const FEATURES = [
  'add cursor-based pagination to the orders endpoint',
  'fix the flaky session-expiry test',
  'add a rate limiter to the public API',
  'migrate the settings page from class components to hooks',
  'add retry with exponential backoff to the webhook sender',
  'make the CSV export stream instead of buffering everything in memory',
  'add an audit log for permission changes',
  'fix the race between cache invalidation and the background refresh',
  'add dark mode support to the dashboard',
  'split the monolithic config loader into validated sections',
  'add OpenTelemetry tracing to the job runner',
  'replace the hand-rolled date parsing with Temporal-safe helpers',
] as const;

export const MODULES = [
  'orders',
  'users',
  'billing',
  'auth',
  'sessions',
  'webhooks',
  'export',
  'settings',
  'jobs',
  'cache',
  'search',
  'notifications',
  'audit',
  'config',
  'metrics',
  'http',
  'db',
  'queue',
] as const;

export const FILE_KINDS = [
  'service',
  'handler',
  'repository',
  'schema',
  'routes',
  'client',
  'store',
  'utils',
  'types',
  'middleware',
] as const;

export const FOLDERS = [
  'src',
  'src/server',
  'src/lib',
  'src/api',
  'src/core',
  'packages/core/src',
  'apps/web/src',
] as const;

export const VERBS = [
  'load',
  'parse',
  'validate',
  'create',
  'update',
  'fetch',
  'resolve',
  'build',
  'apply',
  'flush',
  'encode',
  'normalize',
  'schedule',
  'retry',
] as const;

export const NOUNS = [
  'Order',
  'Page',
  'Cursor',
  'Session',
  'Config',
  'Token',
  'Batch',
  'Event',
  'Limit',
  'Entry',
  'Snapshot',
  'Record',
  'Request',
  'Result',
] as const;

export const CONCEPTS = [
  'error handling',
  'the retry budget',
  'input validation',
  'the transaction boundary',
  'backpressure',
  'the cache key',
  'the cursor encoding',
  'idempotency',
  'the cleanup path',
  'the public types',
  'timeouts',
  'the happy path',
  'edge cases around empty results',
  'the migration order',
  'logging',
] as const;

export const ADJECTIVES = [
  'small',
  'focused',
  'safe',
  'minimal',
  'backwards-compatible',
  'straightforward',
  'careful',
  'clean',
] as const;

export const OPENERS = [
  "I'll first",
  'Let me',
  'Next, I need to',
  'Now I can',
  'Before changing anything, let me',
  'To confirm this, I will',
  "First I'll",
  'Good, now let me',
  "I'll",
] as const;

export const ACTIONS = [
  'look at how {fn} is used',
  'check the existing tests for {module}',
  'read `{file}`',
  'search for callers of `{fn}`',
  'run the test suite',
  'run the type checker',
  'update `{fn}` to handle {concept}',
  'add a test for {concept}',
  'trace where `{type}` is constructed',
  'inspect the failing assertion',
  'check the git history of `{file}`',
] as const;

export const FINDINGS = [
  'The `{fn}` function in `{file}` already handles {concept}, so the change can stay {adj}.',
  '`{type}` is created in two places, and only one of them sets the default limit.',
  'The test in `{test}` relies on wall-clock time, which explains the flakiness.',
  'There is no index on the column the query sorts by, so large pages will be slow.',
  'The current implementation buffers every row before writing, which is where the memory goes.',
  '`{fn}` swallows the error and returns `undefined`, so callers cannot tell a miss from a failure.',
  'The {module} module exports `{fn}` but nothing outside it calls it anymore.',
  'All {n} tests pass, and the type checker is clean.',
  'The handler validates the body but not the query string, so `limit=-1` reaches the database.',
  'The retry loop never resets its counter, so after one failure every later call backs off too.',
] as const;

export const REASONS = [
  'keeps the public API unchanged',
  'avoids a second round-trip to the database',
  'makes the failure visible to callers',
  'keeps the diff {adj}',
  'matches the pattern the rest of {module} uses',
  'lets us test it without a real clock',
] as const;

export const HEADINGS = [
  'Summary',
  'What changed',
  'Plan',
  'Root cause',
  'Verification',
  'Notes',
  'Next steps',
  'Changes',
] as const;

export const SUBAGENT_TYPES = ['Explore', 'general-purpose'] as const;
