// After the two-instance load: the history read of a ~700 KB compacted run and the stored bytes of the
// load's runs, each in PostgreSQL and in SQLite (the same lines ingested into both, fresh).
import { join } from 'node:path';
import { generateClaudeRun } from '../../src/demo/claude-run.js';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { segmentInflater } from '../../src/records/segment-inflater.js';
import { expandRecords } from '../../src/replay/expand.js';
import { entryBytes } from '../../src/replay/entry.js';
import { toMessages } from '../../src/replay/messages.js';
import { readRecords } from '../../src/replay/read-history.js';
import type { LogStore } from '../../src/store/contract.js';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Execution } from '../../src/store/types.js';
import { fileBytes, median, timed } from '../support.js';

export interface HistoryRead {
  rawBytes: number;
  postgresMedianMs: number;
  sqliteMedianMs: number;
}

/** Median of 9 alternating reads (messages view, every segment decompressed) of one ~700 KB run. */
export async function historyRead(pgUrl: string, dir: string, targetBytes = 700_000): Promise<HistoryRead> {
  const lines: Buffer[] = [];
  let rawBytes = 0;
  for (const { line } of generateClaudeRun({ seed: 7, targetDeltas: 40_000 })) {
    const b = Buffer.from(line + '\n');
    lines.push(b);
    rawBytes += b.length;
    if (rawBytes >= targetBytes) break;
  }
  const pg = await PgStore.open(pgUrl);
  const sqlite = new SqliteStore(join(dir, 'history.db'));
  segmentInflater.start();
  try {
    const ingest = async (s: LogStore) =>
      (await ingestStream(s, each(lines), { executor: 'claude-code', kind: 'coding-agent' })).execution;
    const [pe, se] = [await ingest(pg), await ingest(sqlite)];
    const read = (s: LogStore, e: Execution) => async () =>
      toMessages(await readRecords(s, (await s.getExecution(e.id))!)).length;
    const times = { pg: [] as number[], sqlite: [] as number[] };
    await read(pg, pe)();
    await read(sqlite, se)();
    for (let i = 0; i < 9; i++) {
      times.pg.push((await timed(read(pg, pe))).ms);
      times.sqlite.push((await timed(read(sqlite, se))).ms);
    }
    return { rawBytes, postgresMedianMs: median(times.pg), sqliteMedianMs: median(times.sqlite) };
  } finally {
    await pg.close();
    await sqlite.close();
  }
}

export interface StoredBytes {
  executions: number;
  /** Tables with indexes and TOAST (PostgreSQL, ingested fresh) and the database file (SQLite). */
  postgresBytes: number;
  sqliteBytes: number;
  /** The log records' bodies alone. */
  postgresBodyBytes: number;
  sqliteBodyBytes: number;
  postgresRows: number;
  sqliteRows: number;
  /** The load's own database as it was left (live rows deleted by compaction, not vacuumed yet). */
  postgresAfterLoadBytes: number;
}

/** Every run of the load database ingested again into a fresh PostgreSQL database and a fresh SQLite file. */
export async function storedBytes(loadUrl: string, freshUrl: string, dir: string): Promise<StoredBytes> {
  const src = await PgStore.open(loadUrl, { readonly: true });
  const pg = await PgStore.open(freshUrl);
  const path = join(dir, 'stored.db');
  const sqlite = new SqliteStore(path);
  try {
    const runs = await src.listExecutions({ limit: 1000 });
    for (const e of runs.reverse()) {
      const entries = expandRecords(await readRecords(src, e), { repeats: true });
      const items = entries.map((x) => ({ stream: x.stream, chunk: entryBytes(x) }));
      const meta = { executor: e.executor, kind: e.kind, prompt: e.prompt, cwd: e.cwd };
      for (const s of [pg, sqlite] as LogStore[]) await ingestStream(s, each(items), meta);
    }
    const [pf, sf] = [await pg.storageFigures(), await sqlite.storageFigures()];
    const postgresAfterLoadBytes = await src.sizeBytes();
    const postgresBytes = await pg.sizeBytes();
    await sqlite.close();
    return {
      executions: runs.length,
      postgresBytes,
      sqliteBytes: fileBytes(path),
      postgresBodyBytes: pf.bytes,
      sqliteBodyBytes: sf.bytes,
      postgresRows: pf.rows,
      sqliteRows: sf.rows,
      postgresAfterLoadBytes,
    };
  } finally {
    await src.close();
    await pg.close();
    await sqlite.close().catch(() => {});
  }
}

async function* each<T>(xs: readonly T[]): AsyncGenerator<T> {
  yield* xs;
}
