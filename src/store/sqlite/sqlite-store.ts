// The SQLite backend of the storage contract (better-sqlite3: synchronous, so each call is one short step).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { TokenfoldError } from '../../errors.js';
import type { StoredRecord } from '../../records/types.js';
import { sumFoldFigures, type FoldFigures, type LogStore, type StorageFigures, type WriteBatch } from '../contract.js';
import { EXECUTION_STATUSES, type Execution, type ExecutionPatch, type ExecutionStatus, type ListQuery, type NewExecution } from '../types.js';
import type { SqliteDatabase, SqliteStatement } from './driver.js';
import { databaseFileBytes } from './file-bytes.js';
import { migrate } from './migrate.js';
import { applyPragmas, type PragmaReport } from './pragmas.js';
import { patchToSql, toExecution, type DbExecution, type DbLogRecord } from './rows.js';

/** Rows of execution `num` have ids in [num * SPAN, (num + 1) * SPAN). */
export const RECORD_SPAN = 2 ** 24;

export interface SqliteStoreOptions {
  readonly?: boolean;
}

export class SqliteStore implements LogStore {
  readonly capabilities = { compaction: true };
  readonly location: string;
  readonly pragmas: PragmaReport;
  readonly db: SqliteDatabase;
  readonly #stmt: Record<string, SqliteStatement>;
  readonly #writeBatch: (b: WriteBatch) => void;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.location = path;
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {}) as unknown as SqliteDatabase;
    } catch (err) {
      throw new TokenfoldError(`cannot open database ${path}: ${(err as Error).message}`, { code: 'unavailable', cause: err });
    }
    this.pragmas = options.readonly ? applyReadonly(this.db) : applyPragmas(this.db);
    if (!options.readonly) migrate(this.db);
    const db = this.db;
    this.#stmt = {
      insertExec: db.prepare(`INSERT INTO executions (id, executor, kind, label, status, command, prompt, cwd, created_at, started_at) VALUES (@id, @executor, @kind, @label, @status, @command, @prompt, @cwd, @created_at, @started_at)`),
      getExec: db.prepare('SELECT * FROM executions WHERE id = ?'),
      getExecByNum: db.prepare('SELECT * FROM executions WHERE num = ?'),
      putRecord: db.prepare('INSERT OR REPLACE INTO log_records (id, kind, seq_first, seq_last, body) VALUES (?, ?, ?, ?, ?)'),
      delRecord: db.prepare('DELETE FROM log_records WHERE id = ?'),
      delRange: db.prepare('DELETE FROM log_records WHERE id >= ? AND id < ?'),
      readRange: db.prepare('SELECT id, kind, seq_first, seq_last, body FROM log_records WHERE id >= ? AND id < ? ORDER BY id'),
      figuresRange: db.prepare('SELECT count(*) AS rows, coalesce(sum(length(body)), 0) AS bytes FROM log_records WHERE id >= ? AND id < ?'),
      figuresAll: db.prepare('SELECT count(*) AS rows, coalesce(sum(length(body)), 0) AS bytes FROM log_records'),
      counts: db.prepare('SELECT status, count(*) AS n FROM executions GROUP BY status'),
      running: db.prepare("SELECT * FROM executions WHERE status = 'running'"),
    };
    this.#writeBatch = db.transaction((b: WriteBatch) => {
      for (const p of b.puts) this.#stmt.putRecord!.run(p.execNum * RECORD_SPAN + p.recordNo, p.kind, p.seqFirst, p.seqLast, p.body);
      for (const d of b.dels) for (const no of d.recordNos) this.#stmt.delRecord!.run(d.execNum * RECORD_SPAN + no);
      for (const u of b.updates) this.#update(u.id, u.patch);
    });
  }

  async createExecution(input: NewExecution): Promise<Execution> {
    const id = input.id ?? randomUUID();
    const now = new Date().toISOString();
    try {
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
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new TokenfoldError(`execution ${id} already exists`, { code: 'conflict', cause: err });
      throw err;
    }
    return (await this.getExecution(id))!;
  }

  async updateExecution(id: string, patch: ExecutionPatch): Promise<void> {
    this.#update(id, patch);
  }

  async getExecution(id: string): Promise<Execution | null> {
    const row = this.#stmt.getExec!.get(id) as DbExecution | undefined;
    return row ? toExecution(row) : null;
  }

  async listExecutions(q: ListQuery = {}): Promise<Execution[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status) where.push('status = ?'), args.push(q.status);
    if (q.kind) where.push('kind = ?'), args.push(q.kind);
    if (q.before !== undefined) where.push('num < ?'), args.push(q.before);
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
    const rows = this.db.prepare('SELECT deltas_folded, deltas_unfolded, unfolded_reasons FROM executions WHERE deltas_folded > 0 OR deltas_unfolded > 0').all() as Pick<DbExecution, 'deltas_folded' | 'deltas_unfolded' | 'unfolded_reasons'>[];
    return sumFoldFigures(rows.map((r) => ({ deltasFolded: r.deltas_folded, deltasUnfolded: r.deltas_unfolded, unfoldedReasons: r.unfolded_reasons === null ? {} : JSON.parse(r.unfolded_reasons) })));
  }

  async writeBatch(batch: WriteBatch): Promise<void> {
    this.#writeBatch(batch);
  }

  async readRecords(execNum: number): Promise<StoredRecord[]> {
    const rows = this.#stmt.readRange!.all(execNum * RECORD_SPAN, (execNum + 1) * RECORD_SPAN) as DbLogRecord[];
    return rows.map((r) => ({ recordNo: r.id - execNum * RECORD_SPAN, kind: r.kind, seqFirst: r.seq_first, seqLast: r.seq_last, body: r.body }));
  }

  async replaceRecords(execNum: number, records: StoredRecord[], patch: ExecutionPatch & { id: string }): Promise<void> {
    const { id, ...rest } = patch;
    this.db.transaction(() => {
      this.#stmt.delRange!.run(execNum * RECORD_SPAN, (execNum + 1) * RECORD_SPAN);
      for (const r of records) this.#stmt.putRecord!.run(execNum * RECORD_SPAN + r.recordNo, r.kind, r.seqFirst, r.seqLast, r.body);
      this.#update(id, rest);
    })();
    // Return the pages the replaced rows used (a no-op unless auto_vacuum is INCREMENTAL).
    this.db.pragma('incremental_vacuum');
  }

  async deleteExecution(id: string): Promise<boolean> {
    const e = await this.getExecution(id);
    if (e === null) return false;
    this.db.transaction(() => {
      this.#stmt.delRange!.run(e.num * RECORD_SPAN, (e.num + 1) * RECORD_SPAN);
      this.db.prepare('DELETE FROM executions WHERE num = ?').run(e.num);
    })();
    return true;
  }

  async markRunningInterrupted(endedAt: string): Promise<Execution[]> {
    const rows = (this.#stmt.running!.all() as DbExecution[]).map(toExecution);
    this.db.transaction(() => {
      for (const e of rows) this.#update(e.id, { status: 'interrupted', endedAt });
    })();
    return rows.map((e) => ({ ...e, status: 'interrupted' as const, endedAt }));
  }

  async storageFigures(execNum?: number): Promise<StorageFigures> {
    const r = (execNum === undefined ? this.#stmt.figuresAll!.get() : this.#stmt.figuresRange!.get(execNum * RECORD_SPAN, (execNum + 1) * RECORD_SPAN)) as StorageFigures;
    return { rows: r.rows, bytes: r.bytes };
  }

  async sizeBytes(): Promise<number> {
    return this.db.memory ? 0 : databaseFileBytes(this.location);
  }

  async close(): Promise<void> {
    if (!this.db.memory && this.pragmas.journal_mode === 'wal') {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* read-only or busy: the next writer checkpoints */
      }
    }
    this.db.close();
  }

  #update(id: string, patch: ExecutionPatch): void {
    const { set, values } = patchToSql(patch);
    if (set === '') return;
    this.db.prepare(`UPDATE executions SET ${set} WHERE id = ?`).run(...values, id);
  }
}

function applyReadonly(db: SqliteDatabase): PragmaReport {
  db.pragma('busy_timeout = 5000');
  return { journal_mode: String(db.pragma('journal_mode', { simple: true })), synchronous: 0, busy_timeout: 5000, foreign_keys: 0, cache_size: 0, page_size: Number(db.pragma('page_size', { simple: true })), warnings: [] };
}
