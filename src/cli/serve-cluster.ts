// `serve` as one of several instances on a shared store: the cluster secret (given, or kept in the
// database when every instance listens on loopback only), this instance's internal address, the
// forwarder to the others and the feed relay between them.
import { hostname } from 'node:os';
import { Forwarder } from '../cluster/forwarder.js';
import { FeedRelay } from '../cluster/feed-relay.js';
import type { ClusterMembership } from '../cluster/membership.js';
import { checkClusterSecret } from '../cluster/secret.js';
import { invalid } from '../errors.js';
import { isLoopback } from '../http/security.js';
import type { ExecutionManager } from '../live/execution-manager.js';
import type { Execution } from '../store/types.js';

export interface ClusterOptions {
  host: string;
  clusterSecret?: string;
  clusterAddress?: string;
}

/** The secret as given (option, then TOKENFOLD_CLUSTER_SECRET), checked before anything opens; undefined: none given. */
export function givenClusterSecret(o: ClusterOptions, shared: boolean): string | undefined {
  const given = o.clusterSecret ?? process.env.TOKENFOLD_CLUSTER_SECRET;
  if (given !== undefined)
    return checkClusterSecret(
      given,
      o.clusterSecret !== undefined ? '--cluster-secret' : 'TOKENFOLD_CLUSTER_SECRET',
    );
  if (shared && !isLoopback(o.host))
    throw invalid(
      '--cluster-secret',
      'is required to serve a PostgreSQL database on a non-loopback address: give every instance the same secret (TOKENFOLD_CLUSTER_SECRET)',
    );
  return undefined;
}

/** Where the other instances reach this one: --cluster-address, TOKENFOLD_CLUSTER_ADDRESS, or the bound address. */
export function clusterAddress(o: ClusterOptions, port: number): string {
  const given = o.clusterAddress ?? process.env.TOKENFOLD_CLUSTER_ADDRESS;
  if (given !== undefined) {
    let u: URL;
    try {
      u = new URL(given);
    } catch {
      throw invalid('--cluster-address', `"${given}" is not a URL (http://host:port)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw invalid('--cluster-address', `"${given}" must be an http:// or https:// URL`);
    return u.origin;
  }
  const any = o.host === '0.0.0.0' || o.host === '::';
  const host = any ? hostname() : o.host.includes(':') ? `[${o.host}]` : o.host;
  return `http://${host}:${port}`;
}

export interface ClusterRuntime {
  forwarder: Forwarder;
  secret: string;
  /** The reaper's sweep: finished runs of dead owners left uncompacted, each tried once by this instance. */
  sweep: () => Promise<Execution[]>;
  /** Starts relaying the feed (once the server can be told about events). */
  relay(manager: ExecutionManager, log: (line: string) => void): Promise<void>;
  stop(): Promise<void>;
}

export async function joinCluster(
  membership: ClusterMembership,
  given: string | undefined,
  manager: ExecutionManager,
): Promise<ClusterRuntime> {
  const secret = given ?? (await membership.sharedSecret());
  const forwarder = new Forwarder(membership, secret);
  const tried = new Set<string>();
  let relay: FeedRelay | null = null;
  return {
    forwarder,
    secret,
    sweep: async () => {
      const ids = (await membership.abandonedUncompacted(100)).filter((id) => !tried.has(id));
      for (const id of ids) tried.add(id);
      const found = await Promise.all(ids.map((id) => manager.store.getExecution(id)));
      return found.filter((e): e is Execution => e !== null);
    },
    relay: async (m, log) => {
      relay = await FeedRelay.start(m.bus, m.store, membership, log);
    },
    stop: async () => {
      await relay?.stop();
      forwarder.close();
    },
  };
}
