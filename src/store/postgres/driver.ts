// The subset of `pg` (node-postgres 8.x) the store uses, typed structurally so the core never imports a
// driver: only connect.ts loads `pg`, on demand, and a SQLite user never does.

export interface PgQueryConfig {
  /** A name makes `pg` prepare the statement once per connection and reuse its plan. */
  name?: string;
  text: string;
  values?: readonly unknown[];
}

export interface PgResult<R> {
  rows: R[];
  rowCount: number | null;
}

export interface PgQueryable {
  query<R = Record<string, unknown>>(config: PgQueryConfig): Promise<PgResult<R>>;
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<PgResult<R>>;
}

/** One pooled connection: a transaction runs on one of these from BEGIN to COMMIT. */
export interface PgPoolClient extends PgQueryable {
  /** Back to the pool; with an error, the connection is closed instead (it may be broken). */
  release(err?: Error | boolean): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** A dedicated connection that LISTENs (a pooled one would be handed to others). */
export interface PgListenClient extends PgQueryable {
  on(event: 'notification', listener: (n: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (err?: Error) => void): unknown;
  end(): Promise<void>;
}
