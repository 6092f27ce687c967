import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStream } from '../pipeline/ingest.js';
import { entryText } from '../replay/entry.js';
import { readEntries } from '../replay/read-history.js';
import { readPagesHeader } from '../replay/conversation-pages/index.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { formatDifferences, formatImportReport } from './format-import-report.js';
import { importSlowLayout } from './import-slow-layout.js';
import { EXPECTED, IDS, writeFixture } from '../../test/support/slow-fixture.js';
import { SlowLayoutWriter } from '../slow-layout/slow-writer.js';

let dir: string;
let src: string;
const fingerprint = (p: string) => ({
  sha: createHash('sha256').update(readFileSync(p)).digest('hex'),
  mtime: statSync(p).mtimeMs,
  size: statSync(p).size,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-import-'));
  src = join(dir, 'slow.db');
  writeFixture(src);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withStore<T>(name: string, fn: (s: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(join(dir, name));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const replay = async (store: SqliteStore, id: string) => {
  const e = (await store.getExecution(id))!;
  return (await readEntries(store, e, { repeats: true })).map((x) => `${x.stream} ${entryText(x)}`);
};

describe('importSlowLayout', () => {
  it('imports every execution and orphan with exact figures, and --verify passes', async () => {
    const before = fingerprint(src);
    await withStore('a.db', async (store) => {
      const r = await importSlowLayout(src, store, { verify: true });
      expect(r.executions).toEqual({
        total: EXPECTED.executions,
        imported: EXPECTED.executions,
        redone: 0,
        skipped: 0,
      });
      expect({
        lines: r.lines,
        events: r.events,
        malformed: r.malformed,
        duplicatesDropped: r.duplicatesDropped,
        deltasFolded: r.deltasFolded,
        orphans: r.orphans,
      }).toEqual({
        lines: EXPECTED.lines,
        events: EXPECTED.events,
        malformed: EXPECTED.malformed,
        duplicatesDropped: EXPECTED.duplicatesDropped,
        deltasFolded: EXPECTED.deltasFolded,
        orphans: EXPECTED.orphans,
      });
      expect(r.rowsRead).toBe(r.source.rows);
      expect(r.dest.rowsAfter - r.dest.rowsBefore).toBe(6); // one segment per execution with output
      expect(r.dest.sourceRows).toBe(6);
      expect(r.verify).toMatchObject({ executions: EXPECTED.executions, differences: [] });
      expect(r.verify!.linesCompared).toBe(EXPECTED.lines + EXPECTED.events);
      const text = formatImportReport(r);
      expect(text).toMatch(/log rows\s+34\s+6/);
      expect(text).toContain('verify         OK');
    });
    expect(fingerprint(src)).toEqual(before);
  });

  it('maps kinds, statuses, exit codes and timestamps; ids are the canonical UUIDs', async () => {
    await withStore('b.db', async (store) => {
      await importSlowLayout(src, store);
      const get = async (id: string) => {
        const e = (await store.getExecution(id))!;
        return [e.executor, e.kind, e.status, e.exitCode, e.label, e.createdAt, e.startedAt, e.endedAt];
      };
      expect(await get(IDS.agent)).toEqual([
        'claude-code',
        'coding-agent',
        'completed',
        0,
        null,
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:09.500Z',
      ]);
      expect(await get(IDS.server)).toEqual([
        'plain',
        'dev-server',
        'killed',
        null,
        null,
        '2025-03-01T10:01:00.000Z',
        '2025-03-01T10:01:00.000Z',
        '2025-03-01T10:05:00.000Z',
      ]);
      expect(await get(IDS.idle)).toEqual([
        'plain',
        'dev-server',
        'interrupted',
        null,
        null,
        '2025-03-01T10:06:00.000Z',
        '2025-03-01T10:06:00.000Z',
        '2025-03-01T10:06:00.000Z',
      ]);
      expect(await get(IDS.script)).toEqual([
        'plain',
        'script',
        'failed',
        2,
        null,
        '2025-03-01T10:06:59.000Z',
        '2025-03-01T10:07:00.000Z',
        '2025-03-01T10:07:30.000Z',
      ]);
      expect((await get(IDS.orphanClaude)).slice(0, 5)).toEqual([
        'claude-code',
        'script',
        'interrupted',
        null,
        'orphaned logs',
      ]);
      expect((await get(IDS.orphanPlain)).slice(0, 5)).toEqual([
        'plain',
        'script',
        'interrupted',
        null,
        'orphaned logs',
      ]);
    });
  });

  it('keeps stdout/stderr order, CRLF, split lines, events in place, malformed records and bare lines', async () => {
    await withStore('c.db', async (store) => {
      await importSlowLayout(src, store);
      expect(await replay(store, IDS.server)).toEqual([
        'stdout server starting\r\n',
        'stdout listening on :3000\r\n',
        'stdout GET / 200\n',
        'stderr warn: deprecated api\n',
        'stdout partial line ünïcödé ✓\r\n',
        'stdout bye',
      ]);
      expect(await replay(store, IDS.script)).toEqual([
        'stdout npm install\n',
        'stdout not json at all\n',
        'stderr npm ERR! failed\n',
      ]);
      expect(await replay(store, IDS.bare)).toEqual(['stdout stored bare one', 'stdout stored bare two']);
      const agent = await replay(store, IDS.agent);
      expect(agent.filter((l) => l.startsWith('stderr'))).toEqual([
        'stderr warning: slow\n',
        'stderr {"tokenfold_legacy_event":"SessionId","value":"sess-1"}\n',
        'stderr {"tokenfold_legacy_event":"JsonPatch","value":[{"op":"add","path":"/entries/0","value":{"type":"assistant","content":"Hello, world!"}}]}\n',
        'stderr {"tokenfold_legacy_event":"Finished","value":null}\n',
      ]);
      // The SessionId record came after the split delta and before the block stop.
      const at = (needle: string) => agent.findIndex((l) => l.includes(needle));
      expect(at('SessionId')).toBe(at('", wor"') + 1);
      expect(at('Finished')).toBe(agent.length - 1);
      // The repeated delta is in raw, twice, and once in the deltas view.
      expect(agent.filter((l) => l.includes('"text":"lo"'))).toHaveLength(2);
      const e = (await store.getExecution(IDS.agent))!;
      expect((await readEntries(store, e)).filter((x) => x.text?.includes('"text":"lo"'))).toHaveLength(1);
    });
  });

  it('is re-runnable: a second run skips everything, and writes nothing', async () => {
    await withStore('d.db', async (store) => {
      await importSlowLayout(src, store);
      const figures = await store.storageFigures();
      const r = await importSlowLayout(src, store, { verify: true });
      expect(r.executions).toEqual({ total: 7, imported: 0, redone: 0, skipped: 7 });
      expect([r.rowsRead, r.lines, r.orphans, r.dest.sourceRows]).toEqual([0, 0, 0, 6]);
      expect(await store.storageFigures()).toEqual(figures);
      expect(r.verify!.differences).toEqual([]);
    });
  });

  it('stores the conversation pages of agent runs, and those of runs an earlier version imported without them', async () => {
    await withStore('p.db', async (store) => {
      await importSlowLayout(src, store);
      const agents = (await store.listExecutions({ compacted: true })).filter(
        (e) => e.kind === 'coding-agent',
      );
      expect(agents.length).toBeGreaterThan(0);
      for (const e of agents) expect(await readPagesHeader(store, e)).toMatchObject({ id: e.id });
      store.db.prepare('DELETE FROM derived_records').run();
      const r = await importSlowLayout(src, store);
      expect(r.executions.skipped).toBe(7);
      for (const e of agents) expect(await readPagesHeader(store, e)).toMatchObject({ id: e.id });
    });
  });

  it('redoes an execution a previous import left uncompacted', async () => {
    await withStore('e.db', async (store) => {
      await importSlowLayout(src, store);
      const want = await replay(store, IDS.server);
      await store.deleteExecution(IDS.server);
      // What a run cut off inside ingest leaves: the execution row, 'running', not compacted.
      await store.createExecution({ id: IDS.server, executor: 'plain', kind: 'dev-server' });
      const r = await importSlowLayout(src, store, { verify: true });
      expect(r.executions).toEqual({ total: 7, imported: 0, redone: 1, skipped: 6 });
      expect(r.list.find((x) => x.id === IDS.server)?.outcome).toBe('redone');
      expect(await replay(store, IDS.server)).toEqual(want);
      expect((await store.getExecution(IDS.server))!.compacted).toBe(true);
      expect(r.verify!.differences).toEqual([]);
    });
  });

  it('stops between executions when aborted; a re-run imports the rest', async () => {
    await withStore('f.db', async (store) => {
      const ac = new AbortController();
      const r = await importSlowLayout(src, store, {
        signal: ac.signal,
        onProgress: (p) => p.executionsDone === 2 && ac.abort(),
      });
      expect(r.interrupted).toBe(true);
      expect(r.executions.imported).toBe(2);
      expect((await store.listExecutions()).every((e) => e.compacted)).toBe(true);
      const again = await importSlowLayout(src, store, { verify: true });
      expect(again.executions).toMatchObject({ imported: 5, skipped: 2 });
      expect(again.verify!.differences).toEqual([]);
    });
  });

  it('reports progress up to every row', async () => {
    await withStore('g.db', async (store) => {
      const seen: string[] = [];
      await importSlowLayout(src, store, {
        verify: true,
        onProgress: (p) =>
          seen.push(`${p.phase} ${p.executionsDone}/${p.executionsTotal} ${p.rowsDone}/${p.rowsTotal}`),
      });
      expect(seen.at(-8)).toBe('import 7/7 34/34');
      expect(seen.at(-1)).toBe('verify 7/7 34/34');
    });
  });

  it('--verify finds an execution that differs from the source', async () => {
    await withStore('h.db', async (store) => {
      await importSlowLayout(src, store);
      await store.deleteExecution(IDS.script);
      async function* lines() {
        yield { stream: 'stdout' as const, chunk: 'npm install\nnot json at all\n' };
        yield { stream: 'stdout' as const, chunk: 'npm ERR! failed\n' };
      }
      await ingestStream(store, lines(), { id: IDS.script, executor: 'plain', kind: 'script' });
      const r = await importSlowLayout(src, store, { verify: true });
      expect(r.verify!.differences).toEqual([
        {
          executionId: IDS.script,
          line: 3,
          want: 'stderr "npm ERR! failed\\n"',
          got: 'stdout "npm ERR! failed\\n"',
        },
      ]);
      expect(formatDifferences(r)).toContain(`execution ${IDS.script} line 3`);
    });
  });

  it('--verify passes for lines longer than a piece (kept as 1 MB pieces), and finds a difference inside one', async () => {
    const path = join(dir, 'long.db');
    const w = new SlowLayoutWriter(path);
    const id = '12121212-0000-4000-8000-000000000012';
    const long = (c: string) => `${c}é✓ `.repeat(700_000);
    w.addExecution({ id, kind: 'dev-server', startedAt: '2025-03-01 10:00:00.000' });
    w.appendLine(id, 'stdout', 'before');
    w.appendLine(id, 'stderr', long('x'));
    w.appendLine(id, 'stdout', long('y'));
    w.appendLine(id, 'stdout', 'after');
    w.finish(id, 'completed', 0, '2025-03-01 10:00:01.000');
    w.close();
    await withStore('long-a.db', async (store) => {
      const r = await importSlowLayout(path, store, { verify: true });
      expect(r.verify!.differences).toEqual([]);
      const entries = await readEntries(store, (await store.getExecution(id))!, { repeats: true });
      expect(entries.length).toBeGreaterThan(6); // pieces
    });
    await withStore('long-b.db', async (store) => {
      await importSlowLayout(path, store);
      await store.deleteExecution(id);
      async function* lines() {
        yield { stream: 'stdout' as const, chunk: 'before\n' };
        yield { stream: 'stderr' as const, chunk: long('x') + '\n' };
        yield { stream: 'stdout' as const, chunk: long('y').replace('yé✓ y', 'yé✓ Y') + '\nafter\n' };
      }
      await ingestStream(store, lines(), { id, executor: 'plain', kind: 'script' });
      const r = await importSlowLayout(path, store, { verify: true });
      expect(r.verify!.differences.map((d) => [d.executionId, d.line])).toEqual([[id, 3]]);
    });
  });

  it('refuses a source that is not the slow layout, and a source that is the destination', async () => {
    await withStore('i.db', async (store) => {
      await expect(importSlowLayout(join(dir, 'i.db'), store)).rejects.toThrow(/same file/);
      await expect(importSlowLayout(join(dir, 'a.db'), store)).rejects.toThrow(
        /is not a database in the slow layout \(it has no execution_process_logs table\)/,
      );
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'hello\n'.repeat(200));
      await expect(importSlowLayout(text, store)).rejects.toThrow(
        /not a database in the slow layout \(it is not an SQLite database\)/,
      );
      await expect(importSlowLayout(join(dir, 'missing.db'), store)).rejects.toThrow(/cannot open/);
    });
  });
});
