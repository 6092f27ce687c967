// Ordered schema migrations; append only. Each is applied once and tracked with a checksum.
import initial from './001-initial.js';
import processGroup from './002-process-group.js';
import foldDrift from './003-fold-drift.js';
import resumedFrom from './004-resumed-from.js';
import derivedRecords from './005-derived-records.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'process-group', sql: processGroup },
  { version: 3, name: 'fold-drift', sql: foldDrift },
  { version: 4, name: 'resumed-from', sql: resumedFrom },
  { version: 5, name: 'derived-records', sql: derivedRecords },
];
