// The SQLite backend of the storage contract (better-sqlite3: synchronous, so each call is one short step).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { TokenfoldError, asCorrupt } from '../../errors.js';
import type { RecordKind, StoredRecord } from '../../records/types.js';
import {
  sumFoldFigures,
  type DerivedKind,
  type DerivedRecord,
  type FoldFigures,
  type LogStore,
  type StorageFigures,
  type WriteBatch,
} from '../contract.js';
import type { StorageHealth } from '../health.js';
import {
  EXECUTION_STATUSES,
  type Execution,
  type ExecutionPatch,
  type ExecutionStatus,
  type ListQuery,
  type NewExecution,
} from '../types.js';
import type { SqliteDatabase, SqliteStatement } from './driver.js';
import { databaseFileBytes } from './file-bytes.js';
import { HealthMonitor } from './health-monitor.js';
import { migrate } from './migrate.js';
import { applyPragmas, type PragmaReport } from './pragmas.js';
import { patchToSql, toExecution, type DbExecution, type DbLogRecord } from './rows.js';

/**
 * Rows of execution `num` have ids in [num * SPAN, (num + 1) * SPAN): 2^29 executions of 2^24 records
 * within JavaScript's exact integers. A record number outside [0, SPAN) would land in another
 * execution's range, so writes check it; the batch writer keeps long runs below it (renumbering).
 */
export const RECORD_SPAN = 2 ** 24;

export interface SqliteStoreOptions {
  readonly?: boolean;
  /** Called when storage health changes (degraded with a reason, or ok again); enables a periodic file check. */
  onHealthChange?: (health: StorageHealth) => void;
  /** How often the file is checked while `onHealthChange` is set (ms). */
  healthCheckMs?: number;
  /** Where one-line notices go (e.g. where a deleted database was saved); default process.emitWarning. */
  onNotice?: (message: string) => void;
}

/** A replacement of rows numbered up to this or more is done in steps (see #replaceInSteps). */
const REPLACE_IN_STEPS_FROM = 4096;
/**
 * A replacement whose records come as they are made (a compaction) holds up to this many bytes of them
 * before it writes any: below, it is done as one with all of them at hand (atomically, for most runs).
 */
const STREAM_FROM_BYTES = 4 * 1024 * 1024;
/** ... beyond, they are written above the old rows this many bytes per transaction. */
const PARK_BYTES = 1024 * 1024;
/** Record numbers of old rows deleted per step of such a replacement (a few milliseconds). */
const DELETE_SLICE = 2048;

/** Record numbers counted per event-loop turn by storageFigures (a few milliseconds of index walk). */
const FIGURES_SLICE = 1024;

/** Pages given back per event-loop turn after rows are deleted (2 MB of 4 KB pages; 8 MB took 35 ms, `npm run bench:stall`). */
const VACUUM_PAGES_PER_TURN = 512;

/**
 * The SQLite backend of the storage contract: WAL, batched writes, one rowid range per execution, versioned
 * migrations. `readonly` opens an existing file without writing to it.
 * @example
 * ```ts
 * const store = new SqliteStore('./data/tokenfold.db', { readonly: true });
 * const [latest] = await store.listExecutions({ limit: 1 });
 * await store.close();
 * ```
 */
export class SqliteStore implements LogStore {
  readonly capabilities = { compaction: true, recordLimit: RECORD_SPAN };
  readonly location: string;
  readonly pragmas: PragmaReport;
  readonly db: SqliteDatabase;
  readonly #stmt: Record<string, SqliteStatement>;
  readonly #writeBatch: (b: WriteBatch) => void;
  readonly #health: HealthMonitor;
  /**
   * Storage figures per execution number, until a write here touches it or a second passes (another process,
   * an ingest, may write too): a viewer polling a large run had them counted over and over.
   */
  readonly #figures = new Map<number, StorageFigures & { at: number }>();
  /** Bumped by every write of records, so a figure counted across one is not kept. */
  #writes = 0;
  /** Executions whose new records are being parked (see #replaceAsTheyCome): reads stop below this record number. */
  readonly #parking = new Map<number, number>();

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.location = path;
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(
        path,
        options.readonly ? { readonly: true, fileMustExist: true } : {},
      ) as unknown as SqliteDatabase;
    } catch (err) {
      throw new TokenfoldError(`cannot open database ${path}: ${(err as Error).message}`, {
        code: 'unavailable',
        cause: err,
      });
    }
    this.pragmas = options.readonly ? applyReadonly(this.db) : applyPragmas(this.db);
    if (!options.readonly) migrate(this.db);
    this.#health = new HealthMonitor(this.db, path, options);
    const db = this.db;
    this.#stmt = {
      insertExec: db.prepare(
        `INSERT INTO executions (id, executor, kind, label, status, command, prompt, cwd, created_at, started_at, resumed_from) VALUES (@id, @executor, @kind, @label, @status, @command, @prompt, @cwd, @created_at, @started_at, @resumed_from)`,
      ),
      numExists: db.prepare('SELECT 1 FROM executions WHERE num = ?'),
      getExec: db.prepare('SELECT * FROM executions WHERE id = ?'),
      getExecByNum: db.prepare('SELECT * FROM executions WHERE num = ?'),
      putRecord: db.prepare(
        'INSERT OR REPLACE INTO log_records (id, kind, seq_first, seq_last, body) VALUES (?, ?, ?, ?, ?)',
      ),
      delRecord: db.prepare('DELETE FROM log_records WHERE id = ?'),
      delRange: db.prepare('DELETE FROM log_records WHERE id >= ? AND id < ?'),
      readRange: db.prepare(
        'SELECT id, kind, seq_first, seq_last, body FROM log_records WHERE id >= ? AND id < ? ORDER BY id',
      ),
      readRangeLimit: db.prepare(
        'SELECT id, kind, seq_first, seq_last, body FROM log_records WHERE id >= ? AND id < ? ORDER BY id LIMIT ?',
      ),
      // octet_length reads a TEXT body's size from its header; length() read every line record whole (a
      // running `yes` run's figures held the loop 0.5 s, `npm run bench:stall`).
      figuresRange: db.prepare(
        'SELECT count(*) AS rows, coalesce(sum(octet_length(body)), 0) AS bytes FROM log_records WHERE id >= ? AND id < ?',
      ),
      figuresAll: db.prepare(
        'SELECT count(*) AS rows, coalesce(sum(octet_length(body)), 0) AS bytes FROM log_records',
      ),
      // A read-only open of a database from before migration 5 has no derived records (and reads none).
      ...(hasTable(db, 'derived_records')
        ? {
            derivedOwner: db.prepare('SELECT id, compacted FROM executions WHERE num = ?'),
            putDerived: db.prepare('INSERT INTO derived_records (id, body) VALUES (?, ?)'),
            derivedBytes: db.prepare(
              'SELECT coalesce(sum(octet_length(body)), 0) AS bytes FROM derived_records WHERE id >= ? AND id < ?',
            ),
            delDerived: db.prepare('DELETE FROM derived_records WHERE id >= ? AND id < ?'),
            readDerived: db.prepare(
              'SELECT id, body FROM derived_records WHERE id >= ? AND id < ? ORDER BY id',
            ),
          }
        : {}),
      lastId: db.prepare('SELECT max(id) AS id FROM log_records WHERE id >= ? AND id < ?'),
      countRange: db.prepare('SELECT count(*) AS n FROM log_records WHERE id >= ? AND id < ?'),
      moveRange: db.prepare('UPDATE log_records SET id = id - ? WHERE id >= ? AND id < ?'),
      counts: db.prepare('SELECT status, count(*) AS n FROM executions GROUP BY status'),
      running: db.prepare("SELECT * FROM executions WHERE status = 'running'"),
    };
    this.#writeBatch = db.transaction((b: WriteBatch) => {
      for (const p of b.puts)
        this.#stmt.putRecord!.run(rowId(p.execNum, p.recordNo), p.kind, p.seqFirst, p.seqLast, p.body);
      for (const d of b.dels) for (const no of d.recordNos) this.#stmt.delRecord!.run(rowId(d.execNum, no));
      for (const u of b.updates) this.#update(u.id, u.patch);
    });
  }

  async createExecution(input: NewExecution): Promise<Execution> {
    const id = input.id ?? randomUUID();
    const now = new Date().toISOString();
    try {
      this.#health.write(() =>
        this.#stmt.insertExec!.run({
          id,
          executor: input.executor,
          kind: input.kind,
          label: input.label ?? null,
          status: input.status ?? 'running',
          command: input.command ?? null,
          prompt: input.prompt ?? null,
          cwd: input.cwd ?? null,
          created_at: input.createdAt ?? now,
          started_at: input.startedAt ?? now,
          resumed_from: input.resumedFrom ?? null,
        }),
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new TokenfoldError(`execution ${id} already exists`, { code: 'conflict', cause: err });
      throw err;
    }
    return (await this.getExecution(id))!;
  }

  async updateExecution(id: string, patch: ExecutionPatch): Promise<void> {
    this.#health.write(() => this.#update(id, patch));
  }

  async getExecution(id: string): Promise<Execution | null> {
    const row = this.#stmt.getExec!.get(id) as DbExecution | undefined;
    return row ? toExecution(row) : null;
  }

  async listExecutions(q: ListQuery = {}): Promise<Execution[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status) (where.push('status = ?'), args.push(q.status));
    if (q.kind) (where.push('kind = ?'), args.push(q.kind));
    if (q.before !== undefined) (where.push('num < ?'), args.push(q.before));
    if (q.compacted !== undefined) (where.push('compacted = ?'), args.push(q.compacted ? 1 : 0));
    if (q.resumedFrom !== undefined) (where.push('resumed_from = ?'), args.push(q.resumedFrom));
    const sql = `SELECT * FROM executions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY num DESC LIMIT ?`;
    args.push(Math.min(Math.max(q.limit ?? 50, 1), 1000));
    return (this.db.prepare(sql).all(...args) as DbExecution[]).map(toExecution);
  }

  async countByStatus(): Promise<Record<ExecutionStatus, number>> {
    const out = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
    for (const r of this.#stmt.counts!.all() as { status: ExecutionStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  async foldFigures(): Promise<FoldFigures> {
    const rows = this.db
      .prepare(
        'SELECT deltas_folded, deltas_unfolded, unfolded_reasons FROM executions WHERE deltas_folded > 0 OR deltas_unfolded > 0',
      )
      .all() as Pick<DbExecution, 'deltas_folded' | 'deltas_unfolded' | 'unfolded_reasons'>[];
    return sumFoldFigures(
      rows.map((r) => ({
        deltasFolded: r.deltas_folded,
        deltasUnfolded: r.deltas_unfolded,
        unfoldedReasons: r.unfolded_reasons === null ? {} : JSON.parse(r.unfolded_reasons),
      })),
    );
  }

  async writeBatch(batch: WriteBatch): Promise<void> {
    this.#touched(
      batch.puts.map((p) => p.execNum),
      batch.dels.map((d) => d.execNum),
    );
    this.#health.write(() => this.#writeBatch(batch));
  }

  async readRecords(execNum: number): Promise<StoredRecord[]> {
    const hi = rowId(execNum, 0) + (this.#parking.get(execNum) ?? RECORD_SPAN);
    return this.#read(execNum, () => this.#stmt.readRange!.all(rowId(execNum, 0), hi) as DbLogRecord[]);
  }

  async readRecordRange(execNum: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    const lo = rowId(execNum, Math.max(0, from));
    const hi = rowId(execNum, 0) + Math.min(to, this.#parking.get(execNum) ?? RECORD_SPAN);
    return this.#read(execNum, () => this.#stmt.readRangeLimit!.all(lo, hi, limit) as DbLogRecord[]);
  }

  async replaceRecords(
    execNum: number,
    source: StoredRecord[] | AsyncIterable<StoredRecord>,
    patch: ExecutionPatch & { id: string },
  ): Promise<void> {
    const records = Array.isArray(source) ? source : await this.#replaceAsTheyCome(execNum, source, patch);
    if (records === null) return;
    const { id, ...rest } = patch;
    for (const r of records) rowId(execNum, r.recordNo); // refused before anything is written
    this.#touched([execNum]);
    const last = (this.#stmt.lastId!.get(rowId(execNum, 0), rowId(execNum + 1, 0)) as { id: number | null })
      .id;
    const lastNo = last === null ? -1 : last - rowId(execNum, 0);
    const parked = RECORD_SPAN - records.length;
    if (lastNo >= REPLACE_IN_STEPS_FROM && lastNo < parked)
      await this.#replaceInSteps(execNum, id, records, parked, lastNo, () => this.#update(id, rest));
    else
      this.#health.write(() =>
        this.db.transaction(() => {
          // Deleted meanwhile (a compaction racing a delete): writing its rows back would leave orphans that a
          // later execution reusing the number would read as its own.
          if (this.#stmt.numExists!.get(execNum) === undefined) return;
          this.#stmt.delRange!.run(rowId(execNum, 0), rowId(execNum + 1, 0));
          this.#stmt.delDerived!.run(rowId(execNum, 0), rowId(execNum + 1, 0));
          for (const r of records)
            this.#stmt.putRecord!.run(rowId(execNum, r.recordNo), r.kind, r.seqFirst, r.seqLast, r.body);
          this.#update(id, rest);
        })(),
      );
    await this.#giveBackFreePages();
  }

  /**
   * A replacement of many rows, in short transactions with loop turns between (deleting a 59-million-line
   * run's 30,000 rows in one held the loop ~50 ms, and a longer run's would take seconds): the new records
   * are parked at the top of the execution's range, the old rows deleted a slice at a time, then the new
   * records moved into place with the patch. At every step a reader sees every line: where old rows and
   * new segments overlap, readers keep each seq once (as for a live snapshot). After a crash in between, the
   * next compaction keeps the parked segments and packs what is left beside them (lines stored twice read once).
   */
  async #replaceInSteps(
    execNum: number,
    id: string,
    records: StoredRecord[],
    parked: number,
    lastNo: number,
    patch: () => void,
  ): Promise<void> {
    this.#park(execNum, id, records, parked);
    await this.#replaceParked(execNum, id, parked, lastNo, patch);
  }

  /** Writes records above the old rows (from `parked` up), in one transaction; false when the execution is gone. */
  #park(execNum: number, id: string, records: readonly StoredRecord[], parked: number): boolean {
    const base = rowId(execNum, 0);
    for (const r of records) rowId(execNum, parked + r.recordNo); // refused before anything is written
    this.#touched([execNum]);
    return this.#health.write(() =>
      this.db.transaction(() => {
        if (!this.#isExecution(execNum, id)) return false;
        for (const r of records)
          this.#stmt.putRecord!.run(base + parked + r.recordNo, r.kind, r.seqFirst, r.seqLast, r.body);
        return true;
      })(),
    );
  }

  /** Still execution `id`: deleted meanwhile, its number may already hold another one's rows. */
  #isExecution(execNum: number, id: string): boolean {
    return (this.#stmt.getExecByNum!.get(execNum) as DbExecution | undefined)?.id === id;
  }

  /**
   * A replacement whose records come as they are made (a compaction). Up to STREAM_FROM_BYTES of them are
   * gathered first: when that is all of them they are returned, for an ordinary replacement. Otherwise they
   * are parked above the old rows in transactions of PARK_BYTES as they come, the rest of the replacement
   * runs as #replaceInSteps, and null is returned: memory holds a few megabytes of records, not all of a
   * long run's (hundreds of megabytes compressed for output that does not compress well). While they are
   * being parked, reads of the execution stop below them: the compaction producing them reads the old rows,
   * and must not read its own segments back; any reader sees every line in the old rows meanwhile.
   */
  async #replaceAsTheyCome(
    execNum: number,
    source: AsyncIterable<StoredRecord>,
    patch: ExecutionPatch & { id: string },
  ): Promise<StoredRecord[] | null> {
    const it = source[Symbol.asyncIterator]();
    let batch: StoredRecord[] = [];
    let bytes = 0;
    for (;;) {
      const n = await it.next();
      if (n.done === true) return batch;
      batch.push(n.value);
      bytes += n.value.body.length;
      if (bytes >= STREAM_FROM_BYTES) break;
    }
    const base = rowId(execNum, 0);
    const range = [base, rowId(execNum + 1, 0)] as const;
    const last = (this.#stmt.lastId!.get(...range) as { id: number | null }).id;
    const lastNo = last === null ? -1 : last - base;
    // Never more records than the rows they replace, so they fit from here to the end of the range.
    const rows = (this.#stmt.countRange!.get(...range) as { n: number }).n;
    const parked = RECORD_SPAN - rows;
    if (lastNo >= parked) {
      // No room above the rows (segments parked by a compaction that was cut off): gathered, as before.
      for (let n = await it.next(); n.done !== true; n = await it.next()) batch.push(n.value);
      return batch;
    }
    const { id, ...rest } = patch;
    this.#parking.set(execNum, parked);
    try {
      for (let done = false; batch.length > 0;) {
        for (const r of batch)
          if (!(r.recordNo >= 0 && r.recordNo < rows))
            throw new TokenfoldError(
              `record number ${r.recordNo} of a replacement of execution number ${execNum}'s ${rows} rows`,
              { code: 'internal' },
            );
        if (!this.#park(execNum, id, batch, parked)) {
          await it.return?.();
          return null;
        }
        batch = [];
        bytes = 0;
        while (!done && bytes < PARK_BYTES) {
          const n = await it.next();
          if (n.done === true) done = true;
          else {
            batch.push(n.value);
            bytes += n.value.body.length;
          }
        }
      }
    } catch (err) {
      await it.return?.().catch(() => {});
      // The parked records go: a later compaction would keep them beside the rows they copy.
      try {
        this.#health.write(() =>
          this.db.transaction(() => {
            if (this.#isExecution(execNum, id)) this.#stmt.delRange!.run(base + parked, range[1]);
          })(),
        );
      } catch {
        /* left to the next compaction, which reads each line once */
      }
      throw err;
    } finally {
      this.#parking.delete(execNum);
    }
    await this.#replaceParked(execNum, id, parked, lastNo, () => this.#update(id, rest));
    await this.#giveBackFreePages();
    return null;
  }

  /** The end of a replacement in steps: the old rows deleted a slice at a time, then the parked ones moved into place with the patch. */
  async #replaceParked(
    execNum: number,
    id: string,
    parked: number,
    lastNo: number,
    patch: () => void,
  ): Promise<void> {
    const base = rowId(execNum, 0);
    const exists = () => this.#isExecution(execNum, id);
    const step = (fn: () => void) => this.#health.write(() => this.db.transaction(fn)());
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    for (let lo = 0; lo <= lastNo; lo += DELETE_SLICE) {
      await turn();
      step(() => {
        if (exists()) this.#stmt.delRange!.run(base + lo, base + Math.min(lo + DELETE_SLICE, parked));
      });
    }
    await turn();
    step(() => {
      if (!exists()) return;
      this.#stmt.moveRange!.run(parked, base + parked, rowId(execNum + 1, 0));
      this.#stmt.delDerived!.run(base, rowId(execNum + 1, 0));
      patch();
    });
  }

  /**
   * Returns the pages of deleted rows to the file system (a no-op unless auto_vacuum is INCREMENTAL), a
   * few megabytes at a time with event-loop turns between: a long run's compaction frees tens of
   * megabytes, and freeing them in one call held the loop for a quarter of a second. Best effort: the
   * rows are gone already, and a full disk must not turn that into a failure.
   */
  async #giveBackFreePages(): Promise<void> {
    try {
      const free = () => Number(this.db.pragma('freelist_count', { simple: true }));
      // 2 = INCREMENTAL; otherwise the free list stays as it is, and so would this loop.
      if (this.db.memory || Number(this.db.pragma('auto_vacuum', { simple: true })) !== 2) return;
      for (let left = free(), before = Infinity; left > 0 && left < before; before = left, left = free()) {
        this.db.pragma(`incremental_vacuum(${VACUUM_PAGES_PER_TURN})`);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch {
      /* retried by the next compaction */
    }
  }

  async putDerived(
    execution: Pick<Execution, 'id' | 'num'>,
    kind: DerivedKind,
    records: readonly DerivedRecord[],
  ): Promise<boolean> {
    for (const r of records) derivedId(execution.num, kind, r.no);
    const [lo, hi] = derivedRange(execution.num, kind, 0, DERIVED_SPAN);
    this.#touched([execution.num]);
    return this.#health.write(() =>
      this.db.transaction(() => {
        const owner = this.#stmt.derivedOwner!.get(execution.num) as
          { id: string; compacted: number } | undefined;
        if (owner === undefined || owner.id !== execution.id || owner.compacted !== 1) return false;
        this.#stmt.delDerived!.run(lo, hi);
        for (const r of records) this.#stmt.putDerived!.run(derivedId(execution.num, kind, r.no), r.body);
        return true;
      })(),
    );
  }

  async readDerived(execNum: number, kind: DerivedKind, from: number, to: number): Promise<DerivedRecord[]> {
    const [lo, hi] = derivedRange(execNum, kind, from, to);
    if (hi <= lo || this.#stmt.readDerived === undefined) return [];
    let rows: { id: number; body: Buffer }[];
    try {
      rows = this.#stmt.readDerived!.all(lo, hi) as { id: number; body: Buffer }[];
    } catch (err) {
      throw asCorrupt(err, `the derived records of execution number ${execNum}`) ?? err;
    }
    const base = derivedId(execNum, kind, 0);
    return rows.map((r) => ({ no: r.id - base, body: r.body }));
  }

  async deleteExecution(id: string): Promise<boolean> {
    const e = await this.getExecution(id);
    if (e === null) return false;
    this.#touched([e.num]);
    this.#health.write(() =>
      this.db.transaction(() => {
        this.#stmt.delRange!.run(rowId(e.num, 0), rowId(e.num + 1, 0));
        this.#stmt.delDerived!.run(rowId(e.num, 0), rowId(e.num + 1, 0));
        this.db.prepare('DELETE FROM executions WHERE num = ?').run(e.num);
      })(),
    );
    return true;
  }

  async reclaimSpace(maxPages: number): Promise<number> {
    // Only with auto_vacuum = INCREMENTAL (every database tokenfold created); otherwise nothing to do here.
    if (Number(this.db.pragma('auto_vacuum', { simple: true })) !== 2) return 0;
    this.#health.write(() => this.db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(maxPages))})`));
    const left = Number(this.db.pragma('freelist_count', { simple: true }));
    // In WAL mode the file shrinks when the WAL is checked back into it: do it once the free pages are gone.
    if (left === 0 && !this.db.memory && this.pragmas.journal_mode === 'wal') {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* busy: the next automatic checkpoint truncates it */
      }
    }
    return left;
  }

  async markRunningInterrupted(endedAt: string): Promise<Execution[]> {
    const rows = (this.#stmt.running!.all() as DbExecution[]).map(toExecution);
    this.#health.write(() =>
      this.db.transaction(() => {
        for (const e of rows) this.#update(e.id, { status: 'interrupted', endedAt });
      })(),
    );
    return rows.map((e) => ({ ...e, status: 'interrupted' as const, endedAt }));
  }

  async storageFigures(execNum?: number): Promise<StorageFigures> {
    // Every derived record of an execution is in its number's id range (derivedId).
    const derived = (lo: number, hi: number) =>
      (this.#stmt.derivedBytes?.get(lo, hi) as { bytes: number } | undefined)?.bytes ?? 0;
    if (execNum === undefined) {
      const r = this.#stmt.figuresAll!.get() as { rows: number; bytes: number };
      return { rows: r.rows, bytes: r.bytes, derivedBytes: derived(0, Number.MAX_SAFE_INTEGER) };
    }
    const known = this.#figures.get(execNum);
    if (known !== undefined && performance.now() - known.at < 1000)
      return { rows: known.rows, bytes: known.bytes, derivedBytes: known.derivedBytes };
    const writes = this.#writes;
    // In slices of record numbers with loop turns between: a running fast run has tens of thousands of rows.
    const base = rowId(execNum, 0);
    const last = (this.#stmt.lastId!.get(base, rowId(execNum + 1, 0)) as { id: number | null }).id;
    const out: StorageFigures = { rows: 0, bytes: 0, derivedBytes: derived(base, rowId(execNum + 1, 0)) };
    for (let lo = base; last !== null && lo <= last; lo += FIGURES_SLICE) {
      if (lo > base) await new Promise<void>((resolve) => setImmediate(resolve));
      const r = this.#stmt.figuresRange!.get(lo, Math.min(lo + FIGURES_SLICE, last + 1)) as {
        rows: number;
        bytes: number;
      };
      out.rows += r.rows;
      out.bytes += r.bytes;
    }
    if (this.#figures.size >= 1024) this.#figures.clear();
    if (writes === this.#writes) this.#figures.set(execNum, { ...out, at: performance.now() });
    return out;
  }

  async sizeBytes(): Promise<number> {
    return this.db.memory ? 0 : databaseFileBytes(this.location);
  }

  health(): StorageHealth {
    return this.#health.check();
  }

  async close(): Promise<void> {
    this.#health.stop();
    // A database deleted or replaced under us lives only in this connection: save it before closing.
    this.#health.saveIfLost();
    if (!this.db.memory && this.pragmas.journal_mode === 'wal') {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* read-only or busy: the next writer checkpoints */
      }
    }
    this.db.close();
  }

  #touched(...execNums: number[][]): void {
    this.#writes++;
    for (const list of execNums) for (const n of list) this.#figures.delete(n);
  }

  /** Reads an execution's rows; a damaged page is a `corrupt` error naming the execution. */
  #read(execNum: number, read: () => DbLogRecord[]): StoredRecord[] {
    let rows: DbLogRecord[];
    try {
      rows = read();
    } catch (err) {
      throw asCorrupt(err, `the stored rows of execution number ${execNum}`) ?? err;
    }
    const base = rowId(execNum, 0);
    return rows.map((r) => ({
      recordNo: r.id - base,
      kind: r.kind as RecordKind,
      seqFirst: r.seq_first,
      seqLast: r.seq_last,
      body: r.body,
    }));
  }

  #update(id: string, patch: ExecutionPatch): void {
    const { set, values } = patchToSql(patch);
    if (set === '') return;
    this.db.prepare(`UPDATE executions SET ${set} WHERE id = ?`).run(...values, id);
  }
}

/** The row id of record `recordNo` of execution `execNum`; refuses a number that would leave the execution's range. */
function rowId(execNum: number, recordNo: number): number {
  if (!Number.isSafeInteger(recordNo) || recordNo < 0 || recordNo >= RECORD_SPAN) {
    throw new TokenfoldError(
      `record number ${recordNo} of execution number ${execNum} is outside [0, 2^24): it would overwrite another execution's rows`,
      { code: 'internal' },
    );
  }
  return execNum * RECORD_SPAN + recordNo;
}

/** Derived records of one kind of one execution: ids in [num * 2^24 + kind * 2^20, + 2^20). */
const DERIVED_SPAN = 2 ** 20;

function derivedId(execNum: number, kind: number, no: number): number {
  if (!Number.isSafeInteger(no) || no < 0 || no >= DERIVED_SPAN || kind < 1 || kind >= 16)
    throw new TokenfoldError(`derived record ${kind}/${no} of execution number ${execNum} is out of range`, {
      code: 'internal',
    });
  return rowId(execNum, 0) + kind * DERIVED_SPAN + no;
}

/** The ids of derived records [from, to) of one kind (clamped to the kind's span). */
function derivedRange(execNum: number, kind: number, from: number, to: number): [number, number] {
  const base = derivedId(execNum, kind, 0);
  return [base + Math.max(0, from), base + Math.min(Math.max(0, to), DERIVED_SPAN)];
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function applyReadonly(db: SqliteDatabase): PragmaReport {
  db.pragma('busy_timeout = 5000');
  return {
    journal_mode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: 0,
    busy_timeout: 5000,
    foreign_keys: 0,
    cache_size: 0,
    page_size: Number(db.pragma('page_size', { simple: true })),
    warnings: [],
  };
}
