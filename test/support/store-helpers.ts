// Real SQLite files in a temporary folder, and an ingest-then-replay helper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { entryBytes } from '../../src/replay/entry.js';
import { readEntries } from '../../src/replay/read-history.js';
import { afterAll, beforeAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { ExecutorName } from '../../src/store/types.js';

export function tempDir(prefix = 'tokenfold-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real SQLite store in a temporary folder for the tests of one file (opened before, closed after). */
export function useTempStore(file: string): { store: SqliteStore } {
  const tmp = tempDir();
  const ctx = {} as { store: SqliteStore };
  beforeAll(() => {
    ctx.store = new SqliteStore(join(tmp.dir, file));
  });
  afterAll(async () => {
    await ctx.store.close();
    tmp.cleanup();
  });
  return ctx;
}

export async function ingestAndReplay(
  store: SqliteStore,
  chunks: Iterable<Buffer>,
  executor: ExecutorName = 'claude-code',
) {
  async function* src() {
    yield* chunks;
  }
  const { execution, compaction } = await ingestStream(store, src(), {
    executor,
    kind: executor === 'plain' ? 'dev-server' : 'coding-agent',
  });
  const entries = await readEntries(store, execution, { repeats: true });
  return { execution, compaction, output: Buffer.concat(entries.map(entryBytes)), entries };
}
