import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordKind } from '../records/types.js';
import { readEntries } from '../replay/read-history.js';
import type { LogStore } from '../store/contract.js';
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

  it('commits a large queue in transactions of about transactionBytes, the event loop turning between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfold-bw-'));
    const store = new SqliteStore(join(dir, 'w.db'));
    try {
      const a = await store.createExecution({ executor: 'plain', kind: 'script' });
      const sizes: number[] = [];
      const real = store.writeBatch.bind(store);
      store.writeBatch = async (batch) => {
        sizes.push(batch.puts.reduce((n, p) => n + p.body.length, 0));
        return real(batch);
      };
      const writer = new BatchWriter(store, { intervalMs: 1000, transactionBytes: 100_000 });
      const sink = writer.sinkFor(a.num);
      // 40 bursts (groups) of 30 KB, then one burst of 250 KB: a group is never split.
      const body = (s: number, n: number) => JSON.stringify({ k: 'l', e: [{ s, a: 0, t: 'x'.repeat(n) }] });
      for (let i = 0; i < 40; i++) {
        sink.put(i, RecordKind.Lines, i, i, body(i, 30_000), true);
        await Promise.resolve();
      }
      sink.put(40, RecordKind.Lines, 40, 40, body(40, 250_000), true);
      let turns = 0;
      const ticker = setInterval(() => turns++, 0);
      await writer.settle();
      clearInterval(ticker);
      expect(sizes.length).toBeGreaterThanOrEqual(13);
      expect(sizes.slice(0, -1).every((n) => n <= 100_000)).toBe(true);
      expect(sizes[sizes.length - 1]).toBeGreaterThan(250_000);
      expect(turns).toBeGreaterThan(0);
      expect((await store.readRecords(a.num)).map((r) => r.seqFirst)).toEqual([...Array(41).keys()]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes room for a burst that does not fit below the record limit by renumbering, even before the renumbering point', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfold-bw-'));
    const real = new SqliteStore(join(dir, 'w.db'));
    // A limit of 128 record numbers (renumbering point 96), so a small run shows what a weeks-long one would.
    const store = new Proxy(real, {
      get: (target, key) => {
        if (key === 'capabilities') return { ...target.capabilities, recordLimit: 128 };
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as LogStore;
    try {
      const a = await store.createExecution({ executor: 'plain', kind: 'script' });
      const writer = new BatchWriter(store, { intervalMs: 1_000_000, onError: () => {} });
      const sink = writer.sinkFor(a.num);
      const body = (s: number) => JSON.stringify({ k: 'l', e: [{ s, a: 0, t: `line ${s}` }] });
      let seq = 0;
      const burst = async (n: number) => {
        for (let i = 0; i < n; i++, seq++) sink.put(seq, RecordKind.Lines, seq, seq, body(seq), true);
        await writer.flush();
      };
      for (let i = 0; i < 9; i++) await burst(10);
      // 90 numbers used, below the renumbering point; 40 more do not fit under 128: renumber, then write.
      const settled = burst(40).then(() => writer.settle());
      await Promise.race([
        settled,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the writer waits forever')), 5000)),
      ]);
      expect(writer.stats.renumberSteps).toBeGreaterThan(0);
      const entries = await readEntries(store, a, { repeats: true });
      expect(entries.map((e) => e.text)).toEqual([...Array(130).keys()].map((s) => `line ${s}`));
    } finally {
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
