// Reads a slow-layout database (read-only): executions, raw log rows, and the output re-joined into lines.
// Every read streams row by row (`iterate`, raw arrays); don't write through this connection mid-iteration.
import { invalid } from '../errors.js';
import { openReadOnly, type LegacyDatabase, type LegacyStatement } from './db.js';
import { isSlowLayout } from './detect.js';
import { LineJoiner, type LegacyLine } from './line-joiner.js';
import { forEachRecord, logsText, parseRecord, type Eol } from './parse-record.js';
import { kindOfRunReason, type LegacyKind } from './schema.js';
import { idFromColumn, normalizeId } from './uuid-blob.js';

export interface LegacyExecution {
  /** Canonical UUID; the column's text (or x'hex') when it is not a UUID (see `uuid`). */
  id: string;
  uuid: boolean;
  runReason: string;
  kind: LegacyKind;
  status: string;
  exitCode: number | null;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string | null;
}

export interface LegacyLogRow {
  rowid: number;
  logs: string;
  byteSize: number;
  insertedAt: string | null;
}

/** A record that is not output (JsonPatch, SessionId, Finished, …), in its place among the lines. */
export interface LegacyEvent {
  stream: 'event';
  tag: string;
  value: unknown;
  at: string | null;
}

/** Counters a read adds to, when the caller passes one. */
export interface ReadStats {
  rows: number;
  records: number;
  /** Lines yielded, malformed ones included. */
  lines: number;
  events: number;
  malformed: number;
}

export interface ReadOptions {
  stats?: ReadStats;
  /** 'chunks': records are raw output chunks and "\n" ends a line (what the orchestrator wrote).
   *  'records': each record is a whole line even without "\n" (writers that stored lines bare).
   *  'auto' (default): 'chunks' if any record of the execution ends with "\n", else 'records'. */
  framing?: 'auto' | 'chunks' | 'records';
}

export const newReadStats = (): ReadStats => ({ rows: 0, records: 0, lines: 0, events: 0, malformed: 0 });

export class SlowLayoutReader {
  readonly db: LegacyDatabase;
  /**
   * The execution_id values of the log rows, by the UUID they stand for. One database may hold an id as a
   * 16-byte blob in some rows and as text in others (versions of the old app differed): every form is read.
   */
  #forms = new Map<string, unknown[]>();
  /** PRAGMA data_version when the forms were read: another connection's commit changes it. */
  #version = -1;
  readonly #stmt: Record<'rowids' | 'byIndex' | 'byRowid' | 'history' | 'framing', LegacyStatement>;
  readonly #multi = new Map<string, LegacyStatement>();

  constructor(path: string) {
    this.db = openReadOnly(path);
    if (!isSlowLayout(this.db)) {
      this.db.close();
      throw invalid('path', `${path} has no execution_process_logs table`);
    }
    this.#readForms();
    const from = 'FROM execution_process_logs WHERE execution_id = ?';
    this.#stmt = {
      rowids: this.db.prepare(`SELECT rowid ${from} ORDER BY inserted_at, rowid`).raw(),
      byIndex: this.db
        .prepare(`SELECT rowid, logs, byte_size, inserted_at ${from} ORDER BY inserted_at, rowid`)
        .raw(),
      byRowid: this.db.prepare(`SELECT rowid, logs, byte_size, inserted_at ${from} ORDER BY rowid`).raw(),
      history: this.db.prepare(
        `SELECT execution_id, logs, byte_size, inserted_at ${from} ORDER BY inserted_at ASC`,
      ),
      framing: this.db.prepare(`SELECT 1 ${from} AND logs LIKE '%\\n"}%' LIMIT 1`),
    };
  }

  listExecutions(): LegacyExecution[] {
    const rows = this.db.prepare('SELECT * FROM execution_processes ORDER BY rowid').all() as Record<
      string,
      unknown
    >[];
    return rows.map((r) => {
      const runReason = String(r.run_reason ?? r.process_type ?? '');
      const id = normalizeId(r.id);
      return {
        id: id ?? idFromColumn(r.id),
        uuid: id !== null,
        runReason,
        kind: kindOfRunReason(runReason),
        status: String(r.status ?? ''),
        exitCode: r.exit_code === null || r.exit_code === undefined ? null : Number(r.exit_code),
        startedAt: textOrNull(r.started_at),
        completedAt: textOrNull(r.completed_at),
        createdAt: textOrNull(r.created_at),
      };
    });
  }

  /** The execution's rows in insertion (rowid) order. */
  readExecutionLogs(id: string): LegacyLogRow[] {
    return Array.from(this.iterateExecutionLogs(id));
  }

  *iterateExecutionLogs(id: string): Generator<LegacyLogRow> {
    for (const r of this.#rows(id))
      yield {
        rowid: Number(r[0]),
        logs: logsText(r[1]),
        byteSize: Number(r[2]),
        insertedAt: textOrNull(r[3]),
      };
  }

  /** Lines and events in order; a malformed record comes out as a `malformed` stdout line, never dropped. */
  *readEntries(id: string, options: ReadOptions = {}): Generator<LegacyLine | LegacyEvent> {
    const stats = options.stats ?? newReadStats();
    const framing =
      options.framing === 'chunks' || options.framing === 'records'
        ? options.framing
        : this.#hasChunks(id)
          ? 'chunks'
          : 'records';
    const joiner = new LineJoiner();
    const out: (LegacyLine | LegacyEvent)[] = [];
    const lines = out as LegacyLine[];
    let at: string | null = null;
    const onRecord = (raw: string, eol: Eol): void => {
      stats.records++;
      const rec = parseRecord(raw);
      if (rec.kind === 'stdout' || rec.kind === 'stderr') {
        joiner.push(rec.kind, rec.text, at, lines);
        if (framing === 'records') joiner.end(rec.kind, lines);
      } else if (rec.kind === 'event') {
        stats.events++;
        out.push({ stream: 'event', tag: rec.tag, value: rec.value, at });
      } else {
        stats.malformed++;
        out.push({ stream: 'stdout', text: raw, eol, at, malformed: true });
      }
    };
    for (const r of this.#rows(id)) {
      stats.rows++;
      at = textOrNull(r[3]);
      forEachRecord(logsText(r[1]), onRecord);
      if (out.length === 0) continue;
      for (const e of out) {
        if (e.stream !== 'event') stats.lines++;
        yield e;
      }
      out.length = 0;
    }
    joiner.flush(lines);
    stats.lines += lines.length;
    yield* lines;
  }

  /** Output lines only (events are counted in `stats`, not yielded). */
  *readLines(id: string, options: ReadOptions = {}): Generator<LegacyLine> {
    for (const e of this.readEntries(id, options)) if (e.stream !== 'event') yield e;
  }

  /** The old app's history read: every row at once, ORDER BY inserted_at, each JSONL record parsed. */
  readHistory(id: string): string[] {
    const rows = this.#stmt.history.all(this.#forms.get(normalizeId(id) ?? id)?.[0] ?? null) as {
      logs: unknown;
    }[];
    const messages: string[] = [];
    for (const row of rows) {
      forEachRecord(logsText(row.logs), (raw) => {
        const rec = parseRecord(raw);
        messages.push(rec.kind === 'stdout' || rec.kind === 'stderr' ? rec.text : raw);
      });
    }
    return messages;
  }

  countRows(): number {
    return Number(
      (this.db.prepare('SELECT count(*) AS n FROM execution_process_logs').get() as { n: number }).n,
    );
  }

  close(): void {
    this.db.close();
  }

  /** The raw execution_id values of execution `id` (any form of its UUID). */
  #params(id: string): unknown[] {
    const key = normalizeId(id) ?? id;
    // An id not seen yet may have been written since (a database still in use): look again, if anything changed.
    if (!this.#forms.has(key) && Number(this.db.pragma('data_version', { simple: true })) !== this.#version)
      this.#readForms();
    return this.#forms.get(key) ?? [];
  }

  #readForms(): void {
    this.#version = Number(this.db.pragma('data_version', { simple: true }));
    this.#forms = new Map();
    // DISTINCT walks the (execution_id, inserted_at) index, not the table.
    for (const [raw] of this.db
      .prepare('SELECT DISTINCT execution_id FROM execution_process_logs')
      .raw()
      .iterate() as IterableIterator<[unknown]>) {
      const id = normalizeId(raw);
      if (id !== null) this.#forms.set(id, [...(this.#forms.get(id) ?? []), raw]);
    }
  }

  #hasChunks(id: string): boolean {
    const p = this.#params(id);
    return p.length === 1
      ? this.#stmt.framing.get(p[0]) !== undefined
      : p.length > 1 && this.#inList('framing', p.length).get(...p) !== undefined;
  }

  /** A statement over every form of an id (rare: a database mixing blob and text ids). */
  #inList(kind: 'rows' | 'framing', n: number): LegacyStatement {
    const key = `${kind}:${n}`;
    let stmt = this.#multi.get(key);
    if (stmt === undefined) {
      const where = `FROM execution_process_logs WHERE execution_id IN (${Array(n).fill('?').join(', ')})`;
      stmt =
        kind === 'rows'
          ? this.db.prepare(`SELECT rowid, logs, byte_size, inserted_at ${where} ORDER BY rowid`).raw()
          : this.db.prepare(`SELECT 1 ${where} AND logs LIKE '%\\n"}%' LIMIT 1`);
      this.#multi.set(key, stmt);
    }
    return stmt;
  }

  /** Rowid order without a sort: when the index order (inserted_at, rowid) already is rowid order, as it
   *  is unless the clock went back, read along the index; otherwise let SQLite sort by rowid. */
  #rows(id: string): IterableIterator<unknown[]> {
    const params = this.#params(id);
    if (params.length === 0) return [][Symbol.iterator]();
    if (params.length > 1)
      return this.#inList('rows', params.length).iterate(...params) as IterableIterator<unknown[]>;
    const param = params[0];
    let prev = -Infinity;
    let ordered = true;
    for (const [rowid] of this.#stmt.rowids.iterate(param) as IterableIterator<[number]>) {
      if (rowid < prev) {
        ordered = false;
        break;
      }
      prev = rowid;
    }
    return (ordered ? this.#stmt.byIndex : this.#stmt.byRowid).iterate(param) as IterableIterator<unknown[]>;
  }
}

function textOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
