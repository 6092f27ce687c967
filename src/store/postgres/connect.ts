// Opens a `pg` pool for a postgres:// URL: the only file that loads the driver. Bad URLs and unreachable
// servers become one-line errors that never show the password.
import { TokenfoldError } from '../../errors.js';
import type { PgListenClient, PgPool } from './driver.js';

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/** The URL without its password (for messages, `location` and logs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '';
    return u.toString().replace(/^(postgres(?:ql)?:\/\/[^:@/]*):?@/i, '$1@');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//…@');
  }
}

export interface PoolOptions {
  /** Connections at most (default 8): one writer at a time, the rest for concurrent reads. */
  max?: number;
  /** `application_name` shown in pg_stat_activity. */
  applicationName?: string;
  /** Every transaction read-only (`default_transaction_read_only`). */
  readonly?: boolean;
}

/** A pool whose first connection succeeded (so a wrong URL fails here, in one line). */
export async function openPool(url: string, o: PoolOptions = {}): Promise<PgPool> {
  try {
    new URL(url);
  } catch {
    throw new TokenfoldError(
      `invalid PostgreSQL URL ${redactUrl(url)} (expected postgres://user@host:port/database)`,
      { code: 'invalid', field: 'db' },
    );
  }
  const pg = (await import('pg')).default;
  // int8 columns (execution numbers, seq, byte counts) as numbers: they stay far below 2^53.
  const int8 = (v: string) => Number(v);
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? int8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: o.max ?? 8,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: o.applicationName ?? 'tokenfold',
    types,
  });
  // On each new connection, before any query of ours (not as `options`: the URL's own options would replace it).
  if (o.readonly)
    pool.on(
      'connect',
      (client) => void client.query('SET default_transaction_read_only = on').catch(() => {}),
    );
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new TokenfoldError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${oneLine(err)}`, {
      code: 'unavailable',
      cause: err,
    });
  }
  return pool as unknown as PgPool;
}

/** One connection of its own, for LISTEN (notifications arrive only on the connection that listens). */
export async function openListenClient(url: string): Promise<PgListenClient> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
    application_name: `tokenfold pid ${process.pid} listen`,
  });
  // Until the caller's own handler is on, a dropped connection must not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client as unknown as PgListenClient;
}

function oneLine(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const m = (e.message || e.code || String(err)).split('\n')[0]!;
  return m === '' ? 'connection failed' : m;
}
