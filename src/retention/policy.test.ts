// Retention plans on a real SQLite file: age, count, size, kind, and running executions never touched.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { tempDir } from '../../test/support/store-helpers.js';
import { planPrune, checkPolicy } from './policy.js';
import { prune } from './prune.js';
import { parseDuration, parseSize } from './units.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const tmp = tempDir();
let store: SqliteStore;

/** An execution that ended `daysAgo` days before NOW with `bytes` of stored rows. */
async function add(
  daysAgo: number,
  bytes: number,
  o: { kind?: 'coding-agent' | 'dev-server'; running?: boolean } = {},
) {
  const at = new Date(NOW - daysAgo * DAY).toISOString();
  const e = await store.createExecution({
    executor: 'plain',
    kind: o.kind ?? 'coding-agent',
    createdAt: at,
    startedAt: at,
    status: 'running',
  });
  await store.writeBatch({
    puts: [{ execNum: e.num, recordNo: 0, kind: 1, seqFirst: 0, seqLast: 0, body: Buffer.alloc(bytes, 1) }],
    dels: [],
    updates: o.running ? [] : [{ id: e.id, patch: { status: 'completed', endedAt: at } }],
  });
  return e.id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  store = new SqliteStore(join(tmp.dir, 'retention.db'));
  ids.old1 = await add(90, 1000);
  ids.old2 = await add(60, 2000, { kind: 'dev-server' });
  ids.oldRunning = await add(50, 4000, { running: true });
  ids.mid = await add(20, 3000);
  ids.new1 = await add(2, 500);
  ids.new2 = await add(1, 500, { kind: 'dev-server' });
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

const planned = async (p: Parameters<typeof planPrune>[1]) =>
  (await planPrune(store, p, NOW)).map((x) => Object.keys(ids).find((k) => ids[k] === x.execution.id));

describe('retention policy', () => {
  it('parses durations and sizes, and names a bad value', () => {
    expect(parseDuration('--older-than', '30d')).toBe(30 * DAY);
    expect(parseDuration('--older-than', '12h')).toBe(12 * 3_600_000);
    expect(parseSize('--max-bytes', '2GB')).toBe(2 * 1024 ** 3);
    expect(parseSize('--max-bytes', '500mb')).toBe(500 * 1024 ** 2);
    expect(() => parseDuration('--older-than', '30 days')).toThrow(/--older-than/);
    expect(() => parseSize('--max-bytes', 'lots')).toThrow(/--max-bytes/);
    expect(() => checkPolicy({})).toThrow(/at least one/);
  });

  it('by age, oldest first, never a running execution', async () => {
    expect(await planned({ olderThanMs: 30 * DAY })).toEqual(['old1', 'old2']);
    expect(await planned({ olderThanMs: 30 * DAY, kind: 'dev-server' })).toEqual(['old2']);
  });

  it('keep-last protects the newest finished ones; alone it removes the rest', async () => {
    expect(await planned({ keepLast: 2 })).toEqual(['old1', 'old2', 'mid']);
    expect(await planned({ olderThanMs: 10 * DAY, keepLast: 5 })).toEqual([]);
    expect(await planned({ olderThanMs: 10 * DAY, keepLast: 4 })).toEqual(['old1']);
    expect(await planned({ olderThanMs: 10 * DAY, keepLast: 3 })).toEqual(['old1', 'old2']);
  });

  it('by size: the oldest go until the stored bytes fit (running ones count but stay)', async () => {
    // 11,000 bytes in all; at most 8,000 → old1 (1000) and old2 (2000) go.
    expect(await planned({ maxBytes: 8000 })).toEqual(['old1', 'old2']);
    expect(await planned({ maxBytes: 11_000 })).toEqual([]);
    expect(await planned({ maxBytes: 0 })).toEqual(['old1', 'old2', 'mid', 'new1', 'new2']);
  });

  it('a dry run changes nothing; a real one removes the plan and gives the space back', async () => {
    const before = await store.listExecutions();
    const dry = await prune(store, { olderThanMs: 30 * DAY }, { dryRun: true, now: NOW });
    expect(dry.removed).toHaveLength(2);
    expect(await store.listExecutions()).toEqual(before);
    const real = await prune(store, { olderThanMs: 30 * DAY }, { now: NOW });
    expect(real.removed.map((x) => x.execution.id)).toEqual([ids.old1, ids.old2]);
    expect(real.bytes).toBe(3000);
    expect(await store.getExecution(ids.old1!)).toBeNull();
    expect(await store.getExecution(ids.oldRunning!)).not.toBeNull();
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
  });

  it('by size: conversation pages beside a run count with its rows', async () => {
    const other = new SqliteStore(join(tmp.dir, 'retention-derived.db'));
    try {
      const run = async (daysAgo: number) => {
        const at = new Date(NOW - daysAgo * DAY).toISOString();
        const e = await other.createExecution({
          executor: 'claude-code',
          kind: 'coding-agent',
          createdAt: at,
        });
        await other.replaceRecords(
          e.num,
          [{ recordNo: 0, kind: 1, seqFirst: 0, seqLast: 0, body: Buffer.alloc(1000, 1) }],
          { id: e.id, status: 'completed', endedAt: at, compacted: true },
        );
        return e;
      };
      const [old, recent] = [await run(10), await run(1)];
      // 2,000 bytes of log rows fit in 4,000; with the old run's 3,000 bytes of pages they do not.
      expect((await planPrune(other, { maxBytes: 4000 }, NOW)).map((x) => x.execution.id)).toEqual([]);
      await other.putDerived(old, 1, [{ no: 0, body: Buffer.alloc(3000, 2) }]);
      const plan = await planPrune(other, { maxBytes: 4000 }, NOW);
      expect(plan.map((x) => [x.execution.id, x.bytes])).toEqual([[old.id, 4000]]);
      expect(recent.id).not.toBe(old.id);
    } finally {
      await other.close();
    }
  });
});
