// One server per PostgreSQL database, until instances hold leases (docs/SCALE-OUT.md): a second server
// would take the first one's running executions for a crash's leftovers. The lock is a session-level
// advisory lock on a connection held open while serving; PostgreSQL drops it when that connection
// ends, also when the process is killed with -9. The holder is named from pg_stat_activity.
import { hostname } from 'node:os';
import { TokenfoldError } from '../../errors.js';
import { openPool, redactUrl } from './connect.js';
import type { PgPoolClient } from './driver.js';

const SERVER_LOCK = "hashtext('tokenfold'), 2";

export interface PgServerLock {
  readonly path: string;
  release(): Promise<void>;
}

export async function acquirePgServerLock(url: string, onLost: (message: string) => void = () => {}): Promise<PgServerLock> {
  const me = `tokenfold server pid ${process.pid} on ${hostname()}`;
  const pool = await openPool(url, { max: 1, applicationName: me });
  let client: PgPoolClient;
  try {
    client = await pool.connect();
    const got = (await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${SERVER_LOCK}) AS ok`)).rows[0]!.ok;
    if (!got) {
      const holder = await client.query<{ application_name: string; backend_start: Date }>(
        `SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = hashtext('tokenfold')::oid AND l.objid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      client.release();
      const h = holder.rows[0];
      const who = h === undefined ? 'another tokenfold server' : `another tokenfold server (${h.application_name}, connected ${h.backend_start.toISOString()})`;
      throw new TokenfoldError(`database ${redactUrl(url)} is in use by ${who}; stop it first or pass another --db`, { code: 'conflict' });
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  let released = false;
  pool.on('error', (err) => {
    if (!released) onLost(`the connection holding the server lock on ${redactUrl(url)} was lost: ${err.message}`);
  });
  return {
    path: redactUrl(url),
    release: async () => {
      released = true;
      client.release();
      await pool.end().catch(() => {});
    },
  };
}
