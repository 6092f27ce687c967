// The PostgreSQL backend of the storage contract (`pg` 8.x): one pool, writes one transaction each.
import { randomUUID } from 'node:crypto';
import { TokenfoldError, asCorrupt } from '../../errors.js';
import type { StoredRecord } from '../../records/types.js';
import {
  sumFoldFigures,
  type DerivedKind,
  type DerivedRecord,
  type FoldFigures,
  type LogStore,
  type RecordPut,
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
import { batchStatement } from './batch-statement.js';
import { openPool, redactUrl } from './connect.js';
import type { PgPool, PgPoolClient, PgQueryable } from './driver.js';
import { PgHealth } from './health.js';
import { PgCluster } from './cluster.js';
import { Lease, type LeaseOptions } from './lease.js';
import { checkApplied, migrate } from './migrate.js';
import {
  insertStatements,
  toExecution,
  toStoredRecord,
  updateSql,
  type DbExecution,
  type DbLogRecord,
} from './rows.js';

/**
 * Record numbers are `integer`: the key (execution, record) keeps executions apart whatever the number,
 * so the only bound is the column's. The batch writer still renumbers a run nearing it (record-lane.ts).
 */
export const PG_RECORD_LIMIT = 2 ** 31;

export interface PgStoreOptions {
  /** Open without migrating, in read-only transactions (`logs`, `inspect`). */
  readonly?: boolean;
  /** Called when storage health changes; enables a periodic reachability check. */
  onHealthChange?: (health: StorageHealth) => void;
  healthCheckMs?: number;
  /** Connections at most (default 8). */
  poolSize?: number;
  /**
   * Register as one of several instances sharing the database, with a lease (lease.ts): executions it
   * creates are its own, every write renews the lease and fails once it has expired, and
   * markRunningInterrupted only takes executions of instances whose lease has expired.
   */
  instance?: LeaseOptions;
}

const READ_COLS = 'record_no, kind, seq_first, seq_last, is_text, body';
/** Derived records per INSERT statement. */
const DERIVED_PER_INSERT = 16;

export class PgStore implements LogStore {
  readonly capabilities = { compaction: true, recordLimit: PG_RECORD_LIMIT };
  readonly location: string;
  readonly #pool: PgPool;
  readonly #health: PgHealth;
  readonly #timer: NodeJS.Timeout | null = null;
  /**
   * The last write queued. Writes run one at a time in call order, and a read waits for the writes
   * called before it: callers see their own writes as with SQLite, whose calls complete synchronously.
   */
  #writes: Promise<unknown> = Promise.resolve();
  readonly #lease: Lease | null;
  #cluster: PgCluster | null = null;

  static async open(url: string, o: PgStoreOptions = {}): Promise<PgStore> {
    const pool = await openPool(url, {
      max: o.poolSize ?? 8,
      applicationName: `tokenfold pid ${process.pid}`,
      readonly: o.readonly === true,
    });
    try {
      if (o.readonly) await checkSchema(pool, url);
      else await migrate(pool);
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    const store = new PgStore(pool, redactUrl(url), o);
    if (store.#lease !== null) {
      await store.#lease.register(pool, o.instance?.renewMs);
      store.#cluster = new PgCluster(pool, url, store.#lease.id);
    }
    return store;
  }

  /** With a lease: where the other instances are, who runs what, and a message channel; else null. */
  get cluster(): PgCluster | null {
    return this.#cluster;
  }

  /** This instance's id while it holds a lease (the `owner` of the executions it creates), else null. */
  get instanceId(): string | null {
    return this.#lease?.id ?? null;
  }

  private constructor(pool: PgPool, location: string, o: PgStoreOptions) {
    this.#pool = pool;
    this.location = location;
    this.#health = new PgHealth(o.onHealthChange);
    this.#lease = o.instance === undefined ? null : new Lease(o.instance);
    if (o.onHealthChange !== undefined) {
      this.#timer = setInterval(() => void this.#probe(), o.healthCheckMs ?? 2000);
      this.#timer.unref();
    }
  }

  async createExecution(input: NewExecution): Promise<Execution> {
    const id = input.id ?? randomUUID();
    const now = new Date().toISOString();
    const values = [
      id,
      input.executor,
      input.kind,
      input.label ?? null,
      input.status ?? 'running',
      input.command ?? null,
      input.prompt ?? null,
      input.cwd ?? null,
      input.createdAt ?? now,
      input.startedAt ?? now,
      this.instanceId,
      input.resumedFrom ?? null,
    ];
    try {
      const r = await this.#write((c) =>
        c.query<DbExecution>({
          name: 'tf_insert_exec',
          text: 'INSERT INTO executions (id, executor, kind, label, status, command, prompt, cwd, created_at, started_at, owner, resumed_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *',
          values,
        }),
      );
      return toExecution(r.rows[0]!);
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new TokenfoldError(`execution ${id} already exists`, { code: 'conflict', cause: err });
      throw err;
    }
  }

  async updateExecution(id: string, patch: ExecutionPatch): Promise<void> {
    const q = updateSql(id, patch);
    if (q !== null) await this.#write((c) => c.query(q.text, q.values));
  }

  async getExecution(id: string): Promise<Execution | null> {
    const r = await this.#read<DbExecution>({
      name: 'tf_get_exec',
      text: 'SELECT * FROM executions WHERE id = $1',
      values: [id],
    });
    return r.length ? toExecution(r[0]!) : null;
  }

  async listExecutions(q: ListQuery = {}): Promise<Execution[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (cond: string, v: unknown) => (
      values.push(v),
      where.push(cond.replace('?', `$${values.length}`))
    );
    if (q.status) add('status = ?', q.status);
    if (q.kind) add('kind = ?', q.kind);
    if (q.before !== undefined) add('num < ?', q.before);
    if (q.compacted !== undefined) add('compacted = ?', q.compacted);
    if (q.resumedFrom !== undefined) add('resumed_from = ?', q.resumedFrom);
    values.push(Math.min(Math.max(q.limit ?? 50, 1), 1000));
    const text = `SELECT * FROM executions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY num DESC LIMIT $${values.length}`;
    return (await this.#read<DbExecution>({ text, values })).map(toExecution);
  }

  async countByStatus(): Promise<Record<ExecutionStatus, number>> {
    const out = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
    for (const r of await this.#read<{ status: ExecutionStatus; n: number }>({
      text: 'SELECT status, count(*) AS n FROM executions GROUP BY status',
    }))
      out[r.status] = r.n;
    return out;
  }

  async foldFigures(): Promise<FoldFigures> {
    const rows = await this.#read<
      Pick<DbExecution, 'deltas_folded' | 'deltas_unfolded' | 'unfolded_reasons'>
    >({
      text: 'SELECT deltas_folded, deltas_unfolded, unfolded_reasons FROM executions WHERE deltas_folded > 0 OR deltas_unfolded > 0',
    });
    return sumFoldFigures(
      rows.map((r) => ({
        deltasFolded: r.deltas_folded,
        deltasUnfolded: r.deltas_unfolded,
        unfoldedReasons: r.unfolded_reasons === null ? {} : JSON.parse(r.unfolded_reasons),
      })),
    );
  }

  /** One transaction: puts (a later put of the same key wins), then deletes, then execution updates. In one
   *  statement (one round trip, batch-statement.ts) unless it is too big for one. */
  async writeBatch(b: WriteBatch): Promise<void> {
    const puts = lastPerKey(b.puts);
    for (const p of puts) checkRecordNo(p.execNum, p.recordNo);
    const lease = this.#lease;
    const one = batchStatement(puts, b.dels, b.updates, lease?.renewal() ?? null);
    if (one !== null)
      return this.#queueWrite(async () => {
        lease?.assertLive(); // fenced by a write queued before this one
        const r = await this.#pool.query<{ live: number }>(one);
        lease?.renewed(r.rows[0]?.live === 1);
      });
    await this.#write(async (c) => {
      for (const q of insertStatements((i) => puts[i]!.execNum, puts, true)) await c.query(q);
      for (const d of b.dels)
        if (d.recordNos.length > 0)
          await c.query({
            name: 'tf_del_records',
            text: 'DELETE FROM log_records WHERE exec_num = $1 AND record_no = ANY($2::integer[])',
            values: [d.execNum, d.recordNos],
          });
      for (const u of b.updates) {
        const q = updateSql(u.id, u.patch);
        if (q !== null) await c.query(q.text, q.values);
      }
    });
  }

  async readRecords(execNum: number): Promise<StoredRecord[]> {
    return this.#readRows(execNum, {
      name: 'tf_read_records',
      text: `SELECT ${READ_COLS} FROM log_records WHERE exec_num = $1 ORDER BY record_no`,
      values: [execNum],
    });
  }

  async readRecordRange(execNum: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    const text = `SELECT ${READ_COLS} FROM log_records WHERE exec_num = $1 AND record_no >= $2::bigint AND record_no < $3::bigint ORDER BY record_no LIMIT $4`;
    return this.#readRows(execNum, {
      name: 'tf_read_range',
      text,
      values: [execNum, Math.max(0, from), Math.min(to, PG_RECORD_LIMIT), limit],
    });
  }

  async replaceRecords(
    execNum: number,
    source: StoredRecord[] | AsyncIterable<StoredRecord>,
    patch: ExecutionPatch & { id: string },
  ): Promise<void> {
    // Collected first: the stream reads this execution's rows, and a read waits for queued writes (this one).
    let records: StoredRecord[];
    if (Array.isArray(source)) records = source;
    else {
      records = [];
      for await (const r of source) records.push(r);
    }
    for (const r of records) checkRecordNo(execNum, r.recordNo);
    const { id, ...rest } = patch;
    const q = updateSql(id, rest);
    await this.#write(async (c) => {
      // Deleted meanwhile (a compaction racing a delete): writing its rows back would leave orphans. The
      // key-share lock keeps a delete from another connection or instance waiting until this commits.
      const live = await c.query({
        name: 'tf_lock_exec',
        text: 'SELECT 1 FROM executions WHERE num = $1 FOR KEY SHARE',
        values: [execNum],
      });
      if (live.rows.length === 0) return;
      await c.query({
        name: 'tf_del_all_records',
        text: 'DELETE FROM log_records WHERE exec_num = $1',
        values: [execNum],
      });
      for (const ins of insertStatements(() => execNum, records, false)) await c.query(ins);
      await c.query({
        name: 'tf_del_all_derived',
        text: 'DELETE FROM derived_records WHERE exec_num = $1',
        values: [execNum],
      });
      if (q !== null) await c.query(q.text, q.values);
    });
  }

  async deleteExecution(id: string): Promise<boolean> {
    return this.#write(async (c) => {
      const r = await c.query<{ num: number }>('DELETE FROM executions WHERE id = $1 RETURNING num', [id]);
      if (r.rows.length === 0) return false;
      await c.query({
        name: 'tf_del_all_records',
        text: 'DELETE FROM log_records WHERE exec_num = $1',
        values: [r.rows[0]!.num],
      });
      await c.query({
        name: 'tf_del_all_derived',
        text: 'DELETE FROM derived_records WHERE exec_num = $1',
        values: [r.rows[0]!.num],
      });
      return true;
    });
  }

  async putDerived(
    execution: Pick<Execution, 'id' | 'num'>,
    kind: DerivedKind,
    records: readonly DerivedRecord[],
  ): Promise<boolean> {
    for (const r of records) checkRecordNo(execution.num, r.no);
    return this.#write(async (c) => {
      // The key-share lock keeps a delete of the execution waiting until this commits (as replaceRecords).
      const owner = await c.query<{ id: string; compacted: boolean }>({
        name: 'tf_lock_derived_owner',
        text: 'SELECT id, compacted FROM executions WHERE num = $1 FOR KEY SHARE',
        values: [execution.num],
      });
      const o = owner.rows[0];
      if (o === undefined || o.id !== execution.id || !o.compacted) return false;
      await c.query({
        name: 'tf_del_derived_kind',
        text: 'DELETE FROM derived_records WHERE exec_num = $1 AND kind = $2',
        values: [execution.num, kind],
      });
      // Multi-row inserts of a few records each (bodies up to a few hundred kilobytes, sent as binary).
      for (let i = 0; i < records.length; i += DERIVED_PER_INSERT) {
        const part = records.slice(i, i + DERIVED_PER_INSERT);
        const values: unknown[] = [execution.num, kind];
        const rows = part.map((r) => {
          values.push(r.no, r.body);
          return `($1, $2, $${values.length - 1}, $${values.length})`;
        });
        await c.query(
          `INSERT INTO derived_records (exec_num, kind, record_no, body) VALUES ${rows.join(', ')}`,
          values,
        );
      }
      return true;
    });
  }

  async readDerived(execNum: number, kind: DerivedKind, from: number, to: number): Promise<DerivedRecord[]> {
    let rows: { record_no: number; body: Buffer }[];
    try {
      rows = await this.#read<{ record_no: number; body: Buffer }>({
        name: 'tf_read_derived',
        text: 'SELECT record_no, body FROM derived_records WHERE exec_num = $1 AND kind = $2 AND record_no >= $3::bigint AND record_no < $4::bigint ORDER BY record_no',
        values: [execNum, kind, Math.max(0, from), Math.min(to, PG_RECORD_LIMIT)],
      });
    } catch (err) {
      throw asCorrupt(err, `the derived records of execution number ${execNum}`) ?? err;
    }
    return rows.map((r) => ({ no: r.record_no, body: r.body }));
  }

  /** PostgreSQL gives the space of deleted rows back itself (autovacuum): nothing to do here. */
  async reclaimSpace(_maxPages: number): Promise<number> {
    return 0;
  }

  /** Running executions whose owner is gone (no owner, no instance row, or its lease expired); never a live instance's. */
  async markRunningInterrupted(endedAt: string): Promise<Execution[]> {
    const text = `UPDATE executions e SET status = 'interrupted', ended_at = $1 WHERE status = 'running'
      AND (owner IS NULL OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = e.owner AND i.lease_until > now())) RETURNING *`;
    const r = await this.#write((c) => c.query<DbExecution>(text, [endedAt]), false);
    return r.rows.map(toExecution).sort((a, b) => a.num - b.num);
  }

  async storageFigures(execNum?: number): Promise<StorageFigures> {
    const where = execNum === undefined ? '' : ' WHERE exec_num = $1';
    const text =
      `SELECT (SELECT count(*) FROM log_records${where}) AS rows, ` +
      `(SELECT coalesce(sum(octet_length(body)), 0)::float8 FROM log_records${where}) AS bytes, ` +
      `(SELECT coalesce(sum(octet_length(body)), 0)::float8 FROM derived_records${where}) AS "derivedBytes"`;
    const r = await this.#read<StorageFigures>(
      execNum === undefined ? { text } : { text, values: [execNum] },
    );
    return { rows: Number(r[0]!.rows), bytes: r[0]!.bytes, derivedBytes: r[0]!.derivedBytes };
  }

  /** Bytes of tokenfold's tables with their indexes and TOAST (the database may hold other things). */
  async sizeBytes(): Promise<number> {
    const text =
      "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS n FROM pg_class c WHERE c.oid IN (to_regclass('executions'), to_regclass('log_records'), to_regclass('derived_records'), to_regclass('schema_migrations'))";
    return (await this.#read<{ n: number }>({ text }))[0]!.n;
  }

  health(): StorageHealth {
    const fenced = this.#lease?.fencedSince;
    if (fenced != null && this.#health.check().status === 'ok')
      this.#health.set({
        status: 'degraded',
        reason: "this instance's lease expired: it writes nothing more",
        since: fenced,
      });
    return this.#health.check();
  }

  async close(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.#writes.catch(() => {});
    if (this.#lease !== null) await this.#lease.release(this.#pool).catch(() => {});
    await this.#pool.end();
  }

  /**
   * Queues `fn` after the writes before it. With a lease, in a transaction that first renews it (a
   * fenced instance commits nothing); without, in a transaction unless `tx` is false (one statement).
   */
  #write<T>(fn: (c: PgQueryable) => Promise<T>, tx = true): Promise<T> {
    const lease = this.#lease;
    const inTransaction = async (c: PgQueryable) => {
      await lease?.renew(c);
      return fn(c);
    };
    return this.#queueWrite(() => (tx || lease !== null ? this.#transaction(inTransaction) : fn(this.#pool)));
  }

  /** Runs `fn` (which writes) after the writes queued before it. */
  #queueWrite<T>(fn: () => Promise<T>): Promise<T> {
    const run = () => this.#health.write(fn).catch(rethrow);
    const p = this.#writes.then(run, run);
    this.#writes = p.catch(() => {});
    return p;
  }

  async #transaction<T>(fn: (c: PgPoolClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      c.release(broken);
    }
  }

  async #read<R>(q: { name?: string; text: string; values?: unknown[] }): Promise<R[]> {
    await this.#writes;
    return (await this.#pool.query<R>(q)).rows;
  }

  async #readRows(
    execNum: number,
    q: { name: string; text: string; values: unknown[] },
  ): Promise<StoredRecord[]> {
    let rows: DbLogRecord[];
    try {
      rows = await this.#read<DbLogRecord>(q);
    } catch (err) {
      throw asCorrupt(err, `the stored rows of execution number ${execNum}`) ?? err;
    }
    return rows.map(toStoredRecord);
  }

  async #probe(): Promise<void> {
    try {
      await this.#pool.query('SELECT 1');
      if (this.#health.check().status === 'degraded') await this.#health.write(async () => {});
    } catch (err) {
      await this.#health.write(() => Promise.reject(err)).catch(() => {});
    }
  }
}

/** PostgreSQL's refusals that are the caller's fault, as the errors callers know. */
function rethrow(err: unknown): never {
  const code = (err as { code?: unknown }).code;
  if (code === '22021' || code === '22P05')
    throw new TokenfoldError(
      `a text field holds a character PostgreSQL cannot store (NUL, U+0000): ${(err as Error).message}`,
      { code: 'invalid', cause: err },
    );
  throw err;
}

/** Refuses a record number outside the `integer` column, as the SQLite store refuses one outside its range. */
function checkRecordNo(execNum: number, recordNo: number): void {
  if (!Number.isSafeInteger(recordNo) || recordNo < 0 || recordNo >= PG_RECORD_LIMIT) {
    throw new TokenfoldError(
      `record number ${recordNo} of execution number ${execNum} is outside [0, 2^31)`,
      { code: 'internal' },
    );
  }
}

/** One put per key, the last one (as SQLite's INSERT OR REPLACE in order leaves it); ON CONFLICT refuses a key twice. */
function lastPerKey(puts: readonly RecordPut[]): RecordPut[] {
  if (puts.length < 2) return puts as RecordPut[];
  const byKey = new Map<string, RecordPut>();
  for (const p of puts) {
    const k = `${p.execNum}:${p.recordNo}`;
    byKey.delete(k);
    byKey.set(k, p);
  }
  return byKey.size === puts.length ? (puts as RecordPut[]) : [...byKey.values()];
}

/** A read-only open needs tokenfold's tables, at a version this build knows. */
async function checkSchema(pool: PgPool, url: string): Promise<void> {
  const t = await pool.query<{ ok: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('log_records') IS NOT NULL AS ok",
  );
  if (!t.rows[0]!.ok)
    throw new TokenfoldError(
      `${redactUrl(url)} has no tokenfold tables (run serve, ingest or import on it first)`,
      { code: 'invalid' },
    );
  checkApplied(
    (
      await pool.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations',
      )
    ).rows,
  );
}
