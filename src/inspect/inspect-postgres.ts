// Diagnosis of a tokenfold PostgreSQL database, read-only: server, migrations, each table's rows and
// bytes (heap, TOAST, indexes), rows and bytes per execution, folding figures.
import { TokenfoldError } from '../errors.js';
import { openPool, redactUrl } from '../store/postgres/connect.js';
import type { PgPool } from '../store/postgres/driver.js';
import { derivedLine, executionLines, humanBytes, table, type ExecutionDetail } from './format-report.js';

export interface PostgresDiagnosis {
  layout: 'tokenfold-postgres';
  location: string;
  server_version: string;
  database_bytes: number;
  migrations: { version: number; name: string }[];
  tables: {
    name: string;
    rows: number;
    bytes: number;
    heap_bytes: number;
    toast_bytes: number;
    index_bytes: number;
  }[];
  executions: number;
  log_rows: number;
  log_bytes: number;
  executions_detail: ExecutionDetail[];
}

const TABLES = ['executions', 'log_records', 'derived_records', 'instances', 'schema_migrations'];

export async function inspectPostgres(url: string): Promise<PostgresDiagnosis> {
  const pool = await openPool(url, { max: 1, readonly: true, applicationName: 'tokenfold inspect' });
  try {
    return await diagnose(pool, url);
  } finally {
    await pool.end();
  }
}

async function diagnose(pool: PgPool, url: string): Promise<PostgresDiagnosis> {
  const q = async <R>(text: string, values?: unknown[]) => (await pool.query<R>(text, values)).rows;
  const [{ ok }] = await q<{ ok: boolean }>(
    "SELECT to_regclass('executions') IS NOT NULL AND to_regclass('log_records') IS NOT NULL AND to_regclass('schema_migrations') IS NOT NULL AS ok",
  );
  if (!ok)
    throw new TokenfoldError(
      `${redactUrl(url)}: no tokenfold tables (executions, log_records, schema_migrations)`,
      { code: 'invalid' },
    );
  const [server] = await q<{ v: string; size: number }>(
    "SELECT current_setting('server_version') AS v, pg_database_size(current_database())::float8 AS size",
  );
  // Tables of later migrations are missing from a database an older version made.
  const present = new Set(
    (
      await q<{ name: string }>(
        'SELECT t AS name FROM unnest($1::text[]) t WHERE to_regclass(t) IS NOT NULL',
        [TABLES],
      )
    ).map((r) => r.name),
  );
  const derivedJoin = present.has('derived_records')
    ? 'LEFT JOIN (SELECT exec_num, count(*) AS rows, sum(octet_length(body)) AS bytes FROM derived_records GROUP BY exec_num) d ON d.exec_num = e.num'
    : 'LEFT JOIN (SELECT NULL::bigint AS exec_num, 0 AS rows, 0 AS bytes) d ON false';
  const tables = [];
  for (const name of TABLES.filter((t) => present.has(t))) {
    const [t] = await q<{ rows: number; bytes: number; heap: number; toast: number; idx: number }>(
      `SELECT (SELECT count(*) FROM ${name}) AS rows, pg_total_relation_size(c.oid)::float8 AS bytes, pg_relation_size(c.oid)::float8 AS heap,
              coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)::float8 AS toast, pg_indexes_size(c.oid)::float8 AS idx
         FROM pg_class c WHERE c.oid = to_regclass($1)`,
      [name],
    );
    tables.push({
      name,
      rows: t!.rows,
      bytes: t!.bytes,
      heap_bytes: t!.heap,
      toast_bytes: t!.toast,
      index_bytes: t!.idx,
    });
  }
  // Rows as selected (unfolded_reasons is still the stored JSON text), then as ExecutionDetail.
  const detail = (
    await q<Omit<ExecutionDetail, 'unfolded_reasons'> & { unfolded_reasons: string | null }>(
      `SELECT e.id, e.kind, e.status, coalesce(r.rows, 0) AS rows, coalesce(r.bytes, 0)::float8 AS bytes, e.lines, e.deltas_folded, e.duplicates_dropped, e.deltas_unfolded, e.unfolded_reasons, e.compacted,
              coalesce(d.rows, 0)::int AS derived_rows, coalesce(d.bytes, 0)::float8 AS derived_bytes
         FROM executions e LEFT JOIN (SELECT exec_num, count(*) AS rows, sum(octet_length(body)) AS bytes FROM log_records GROUP BY exec_num) r ON r.exec_num = e.num
         ${derivedJoin}
        ORDER BY e.num`,
    )
  ).map((r) => ({
    ...r,
    unfolded_reasons:
      r.unfolded_reasons === null ? {} : (JSON.parse(r.unfolded_reasons) as Record<string, number>),
  }));
  return {
    layout: 'tokenfold-postgres',
    location: redactUrl(url),
    server_version: server!.v,
    database_bytes: server!.size,
    migrations: await q<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    ),
    tables,
    executions: detail.length,
    log_rows: detail.reduce((n, d) => n + d.rows, 0),
    log_bytes: detail.reduce((n, d) => n + d.bytes, 0),
    executions_detail: detail,
  };
}

export function formatPostgresDiagnosis(d: PostgresDiagnosis): string {
  return (
    [
      `layout        tokenfold on PostgreSQL ${d.server_version} (${d.location})`,
      `migrations    ${d.migrations.map((m) => `${m.version} ${m.name}`).join(', ')}`,
      `database      ${humanBytes(d.database_bytes)}`,
      `executions    ${d.executions}`,
      `log rows      ${d.log_rows} (${humanBytes(d.log_bytes)})`,
      derivedLine(d.executions_detail),
      '',
      table([
        ['table', 'rows', 'bytes', 'heap', 'toast', 'indexes'],
        ...d.tables.map((t) => [t.name, t.rows, t.bytes, t.heap_bytes, t.toast_bytes, t.index_bytes]),
      ]),
      '',
      ...executionLines(d.executions_detail),
    ].join('\n') + '\n'
  );
}
