// Ordered PostgreSQL schema migrations; append only. Each is applied once and tracked with a checksum.
import initial from './001-initial.js';
import instances from './002-instances.js';
import resumedFrom from './003-resumed-from.js';
import derivedRecords from './004-derived-records.js';
import cluster from './005-cluster.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'instances', sql: instances },
  { version: 3, name: 'resumed-from', sql: resumedFrom },
  { version: 4, name: 'derived-records', sql: derivedRecords },
  { version: 5, name: 'cluster', sql: cluster },
];
