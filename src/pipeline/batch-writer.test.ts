import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordKind } from '../records/types.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { BatchWriter } from './batch-writer.js';

describe('BatchWriter', () => {
  it('groups puts from several executions into one transaction, and keeps a failed batch for a retry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfold-bw-'));
    const store = new SqliteStore(join(dir, 'w.db'));
    try {
      const a = await store.createExecution({ executor: 'plain', kind: 'script' });
      const b = await store.createExecution({ executor: 'plain', kind: 'script' });
      let failures = 1;
      const real = store.writeBatch.bind(store);
      // Fault injection on the real store: the first commit fails as a locked database would.
      store.writeBatch = async (batch) => {
        if (failures-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        return real(batch);
      };
      const writer = new BatchWriter(store, { intervalMs: 5, onError: () => {} });
      const body = (s: number) => JSON.stringify({ k: 'l', e: [{ s, a: 0, t: `line ${s}` }] });
      writer.sinkFor(a.num).put(0, RecordKind.Lines, 0, 0, body(0));
      writer.sinkFor(b.num).put(0, RecordKind.Lines, 0, 0, body(0));
      await writer.flush();
      expect(writer.stats.lockErrors).toBe(1);
      // While the failed batch waits for its retry, readers still see it as pending.
      expect(writer.pending(a.num)).toHaveLength(1);
      writer.sinkFor(a.num).put(1, RecordKind.Lines, 1, 1, body(1));
      await new Promise((r) => setTimeout(r, 30));
      await writer.flush();
      expect((await store.readRecords(a.num)).map((r) => r.recordNo)).toEqual([0, 1]);
      expect(await store.readRecords(b.num)).toHaveLength(1);
      expect(writer.stats.transactions).toBe(1);
      expect(writer.pending(a.num)).toHaveLength(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
