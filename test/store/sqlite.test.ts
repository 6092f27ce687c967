// The storage contract's conformance suite on SQLite (a new file per test).
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runStoreSuite } from '../support/store-suite.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

runStoreSuite({
  name: 'sqlite',
  create: async () => new SqliteStore(join(tmp.dir, `s${n++}.db`)),
  reopen: async (store) => new SqliteStore(store.location),
});
