// What an instance needs from a store shared by several instances (PostgreSQL): where the others are,
// who runs what, and a channel for small messages. The HTTP layer uses only this, never a driver.

export interface ClusterMembership {
  /** This instance's id: the owner recorded on the executions it starts. */
  readonly instanceId: string;
  /** Records where the other instances reach this one (its internal base URL). */
  setAddress(address: string): Promise<void>;
  /**
   * The internal address of the live instance, other than this one, that runs execution `id`; null when
   * it is not running, runs here, its owner's lease has expired, or the owner recorded no address.
   */
  ownerAddress(executionId: string): Promise<string | null>;
  /**
   * Finished executions left uncompacted whose owner is gone (no owner, or its lease expired): it died
   * between a run's end and its compaction. A live owner's are left to it. Oldest first, at most `limit`.
   */
  abandonedUncompacted(limit: number): Promise<string[]>;
  /** A secret kept in the database, created by the first instance that asks (loopback-only setups). */
  sharedSecret(): Promise<string>;
  /** Sends a small message (under 8,000 bytes) to every subscribed instance, this one included. */
  publish(message: string): Promise<void>;
  /**
   * Receives every published message until the returned function is called; reconnects by itself after
   * a lost connection (messages sent meanwhile are lost: `onError` is told once per loss).
   */
  subscribe(
    onMessage: (message: string) => void,
    onError: (err: Error) => void,
  ): Promise<() => Promise<void>>;
}
