// Issue 9, point 15: a slow-layout database whose execution_ids mix BLOB and TEXT (versions of the old app
// differed). Every row is imported whatever its id's type; --verify checks each execution against its
// own SQL count of SRC rows; a row whose id is not a UUID is skipped with a warning and counted.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importSlowLayout } from '../../src/import/import-slow-layout.js';
import { planExecution } from '../../src/import/map-execution.js';
import { verifyAll } from '../../src/import/verify-all.js';
import { SlowLayoutReader } from '../../src/slow-layout/slow-reader.js';
import { SlowLayoutWriter, chunkRecord } from '../../src/slow-layout/slow-writer.js';
import { uuidToBlob } from '../../src/slow-layout/uuid-blob.js';
import { readEntries } from '../../src/replay/read-history.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CLI } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-mixed-');
afterAll(() => tmp.cleanup());

const A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const C = 'cccccccc-0000-4000-8000-00000000000c';

/** A (blob and text rows interleaved, one in upper case), B (text rows only), C (text execution row, blob rows), and 3 rows whose id is not a UUID. */
function writeMixed(path: string): void {
  const w = new SlowLayoutWriter(path);
  for (const id of [A, B])
    w.addExecution({
      id,
      kind: 'dev-server',
      startedAt: '2025-03-01 10:00:00.000',
      endedAt: '2025-03-01 10:01:00.000',
      exitCode: 0,
    });
  w.db
    .prepare(
      "INSERT INTO execution_processes (id, task_attempt_id, run_reason, status, exit_code, started_at) VALUES (?, x'00', 'devserver', 'completed', 0, '2025-03-01 10:02:00')",
    )
    .run(C);
  w.db
    .prepare(
      "INSERT INTO execution_processes (id, task_attempt_id, run_reason, status, started_at) VALUES ('weird', x'00', 'devserver', 'completed', '2025-03-01 10:03:00')",
    )
    .run();
  w.db.pragma('foreign_keys = OFF');
  const text = w.db.prepare(
    "INSERT INTO execution_process_logs (execution_id, logs, byte_size, inserted_at) VALUES (?, ?, 0, '2025-03-01 10:00:01')",
  );
  const row = (id: unknown, line: string) => text.run(id, chunkRecord('stdout', line + '\n'));
  row(uuidToBlob(A), 'a1');
  row(A, 'a2');
  row(B, 'b1');
  row(uuidToBlob(A), 'a3');
  row(A.toUpperCase(), 'a4');
  row('not-a-uuid', 'lost 1');
  row(uuidToBlob(C), 'c1');
  row(B.replaceAll('-', ''), 'b2');
  row(Buffer.from([1, 2]), 'lost 2');
  row('not-a-uuid', 'lost 3');
  w.close();
}

async function lines(store: SqliteStore, id: string): Promise<string[]> {
  const e = await store.getExecution(id);
  return e === null ? [] : (await readEntries(store, e, { repeats: true })).map((x) => x.text ?? '');
}

describe('import of mixed BLOB and TEXT execution ids', () => {
  it('imports every row whatever its id type, skips and counts non-UUID ids, and verifies', async () => {
    const src = join(tmp.dir, 'mixed.db');
    writeMixed(src);
    const store = new SqliteStore(join(tmp.dir, 'dest.db'));
    try {
      const r = await importSlowLayout(src, store, { verify: true });
      expect(await lines(store, A)).toEqual(['a1', 'a2', 'a3', 'a4']);
      expect(await lines(store, B)).toEqual(['b1', 'b2']);
      expect(await lines(store, C)).toEqual(['c1']);
      expect(r.executions).toMatchObject({ total: 3, imported: 3 });
      expect(r.orphans).toBe(0); // C's text execution row and blob log rows are one execution
      expect(r.skippedNonUuid).toEqual({
        rows: 3,
        ids: expect.arrayContaining(['"not-a-uuid"', "x'0102'"]),
        executions: ['weird'],
      });
      expect(r.verify).toMatchObject({ executions: 3, linesCompared: 7, differences: [] });
    } finally {
      await store.close();
    }
  });

  it('the CLI warns about the skipped rows and --verify says OK', () => {
    const src = join(tmp.dir, 'mixed-cli.db');
    writeMixed(src);
    const r = spawnSync(
      process.execPath,
      [CLI, 'import', src, '--db', join(tmp.dir, 'dest-cli.db'), '--verify'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^tokenfold: warning: ids that are not UUIDs: 3 log rows skipped \(execution_id .*"not-a-uuid".*\); 1 execution row skipped \(id weird\)$/m,
    );
    expect(r.stdout).toMatch(/verify\s+OK: 3 executions, 7 lines compared/);
  });

  it('--verify counts SRC rows on its own: a row the reader did not read is a difference', async () => {
    const src = join(tmp.dir, 'late.db');
    writeMixed(src);
    const store = new SqliteStore(join(tmp.dir, 'dest-late.db'));
    const reader = new SlowLayoutReader(src);
    try {
      await importSlowLayout(src, store);
      // A row in yet another form of A's id, written after the reader listed the forms: the line
      // comparison (reader against DEST) cannot see it, the SQL count does.
      const w = new Database(src);
      w.pragma('foreign_keys = OFF');
      w.prepare('INSERT INTO execution_process_logs (execution_id, logs, byte_size) VALUES (?, ?, 0)').run(
        A.replaceAll('-', '').toUpperCase(),
        chunkRecord('stdout', 'a5\n'),
      );
      w.close();
      const plans = reader
        .listExecutions()
        .filter((e) => e.uuid)
        .map(planExecution);
      const v = await verifyAll(reader, store, plans, 0);
      expect(v.differences).toEqual([
        { executionId: A, line: 0, want: '5 rows in SRC (counted by SQL)', got: '4 rows read and compared' },
      ]);
    } finally {
      reader.close();
      await store.close();
    }
  });
});
