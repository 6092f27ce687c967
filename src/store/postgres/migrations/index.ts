// Ordered PostgreSQL schema migrations; append only. Each is applied once and tracked with a checksum.
import initial from './001-initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'initial', sql: initial }];
