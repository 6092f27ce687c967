// Cluster membership on PostgreSQL: addresses in `instances`, the shared secret in `cluster_settings`,
// and messages by NOTIFY on one channel, received on a dedicated LISTEN connection that reconnects.
import { randomBytes } from 'node:crypto';
import type { ClusterMembership } from '../../cluster/membership.js';
import { openListenClient } from './connect.js';
import type { PgListenClient, PgPool } from './driver.js';

const CHANNEL = 'tokenfold_events';
const RECONNECT_MS = 1000;

const OWNER_ADDRESS = `SELECT i.address FROM executions e JOIN instances i ON i.id = e.owner
  WHERE e.id = $1 AND e.status = 'running' AND i.id <> $2 AND i.lease_until > now() AND i.address IS NOT NULL`;

const ABANDONED = `SELECT e.id FROM executions e WHERE NOT e.compacted AND e.status <> 'running'
  AND (e.owner IS NULL OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = e.owner AND i.lease_until > now()))
  ORDER BY e.num LIMIT $1`;

export class PgCluster implements ClusterMembership {
  readonly instanceId: string;
  readonly #pool: PgPool;
  readonly #url: string;

  constructor(pool: PgPool, url: string, instanceId: string) {
    this.#pool = pool;
    this.#url = url;
    this.instanceId = instanceId;
  }

  async setAddress(address: string): Promise<void> {
    await this.#pool.query('UPDATE instances SET address = $2 WHERE id = $1', [this.instanceId, address]);
  }

  async ownerAddress(executionId: string): Promise<string | null> {
    const r = await this.#pool.query<{ address: string }>({
      name: 'tf_owner_address',
      text: OWNER_ADDRESS,
      values: [executionId, this.instanceId],
    });
    return r.rows[0]?.address ?? null;
  }

  async abandonedUncompacted(limit: number): Promise<string[]> {
    const r = await this.#pool.query<{ id: string }>({
      name: 'tf_abandoned',
      text: ABANDONED,
      values: [limit],
    });
    return r.rows.map((x) => x.id);
  }

  async sharedSecret(): Promise<string> {
    await this.#pool.query(
      "INSERT INTO cluster_settings (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO NOTHING",
      [randomBytes(32).toString('base64url')],
    );
    const r = await this.#pool.query<{ value: string }>(
      "SELECT value FROM cluster_settings WHERE name = 'secret'",
    );
    return r.rows[0]!.value;
  }

  async publish(message: string): Promise<void> {
    await this.#pool.query({
      name: 'tf_notify',
      text: 'SELECT pg_notify($1, $2)',
      values: [CHANNEL, message],
    });
  }

  async subscribe(
    onMessage: (message: string) => void,
    onError: (err: Error) => void,
  ): Promise<() => Promise<void>> {
    let closed = false;
    let client: PgListenClient | null = null;
    let retry: NodeJS.Timeout | null = null;
    const connect = async (): Promise<void> => {
      const c = await openListenClient(this.#url);
      let lost = false;
      const onLost = (err?: Error) => {
        if (lost || closed) return;
        lost = true;
        client = null;
        c.end().catch(() => {});
        onError(err ?? new Error('the LISTEN connection ended'));
        retry = setTimeout(reconnect, RECONNECT_MS);
      };
      c.on('error', onLost);
      c.on('end', onLost);
      c.on('notification', (n) => {
        if (n.channel === CHANNEL && n.payload !== undefined) onMessage(n.payload);
      });
      await c.query(`LISTEN ${CHANNEL}`);
      if (closed) await c.end();
      else client = c;
    };
    const reconnect = () => {
      retry = null;
      if (!closed) connect().catch(() => (retry = setTimeout(reconnect, RECONNECT_MS)));
    };
    await connect();
    return async () => {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  }
}
