// This instance's lease: registered at open, renewed by every write transaction and by a timer, always on
// the database's clock (hosts' clocks may differ). Once a renewal finds the lease expired, the instance
// is fenced: a reaper elsewhere may already have marked its executions interrupted, so it writes nothing
// more (every later write fails), and `onFenced` lets the server stop its children.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { TokenfoldError } from '../../errors.js';
import type { PgQueryable } from './driver.js';

export interface LeaseOptions {
  /** How long a lease lasts without renewal (ms, default 15,000). */
  leaseMs?: number;
  /** How often the timer renews it (ms, default a third of the lease; 0: commits only). */
  renewMs?: number;
  /** Called once when the lease is found expired. */
  onFenced?: (message: string) => void;
}

const RENEW =
  "UPDATE instances SET lease_until = now() + $2 * interval '1 millisecond' WHERE id = $1 AND lease_until > now() RETURNING id";

export class Lease {
  readonly id = randomUUID();
  readonly leaseMs: number;
  readonly #onFenced: ((message: string) => void) | undefined;
  #fenced: string | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(o: LeaseOptions) {
    this.leaseMs = o.leaseMs ?? 15_000;
    this.#onFenced = o.onFenced;
  }

  async register(db: PgQueryable, renewMs: number | undefined): Promise<void> {
    await db.query(
      "INSERT INTO instances (id, host, pid, lease_until) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')",
      [this.id, hostname(), process.pid, this.leaseMs],
    );
    const every = renewMs ?? Math.floor(this.leaseMs / 3);
    if (every > 0) {
      this.#timer = setInterval(() => void this.renew(db).catch(() => {}), every);
      this.#timer.unref();
    }
  }

  /** When the lease was found expired, or null while it is live. */
  fencedSince: string | null = null;

  /** Extends the lease (inside a write transaction: the write commits only with a live lease); throws once expired. */
  async renew(db: PgQueryable): Promise<void> {
    const r = await db.query({ name: 'tf_renew_lease', ...this.renewal() });
    this.renewed(r.rows.length > 0);
  }

  /** The renewal statement (`… RETURNING id`, parameters $1 and $2), e.g. as a CTE gating a one-statement write; throws once expired. */
  renewal(): { text: string; values: unknown[] } {
    this.assertLive();
    return { text: RENEW, values: [this.id, this.leaseMs] };
  }

  /** After running `renewal()`: false (the lease had expired) fences this instance and throws. */
  renewed(live: boolean): void {
    if (live) return;
    this.fencedSince = new Date().toISOString();
    this.#fenced = `this instance's lease (${this.id}) expired: another instance may have taken over its executions, so it writes nothing more`;
    this.stop();
    this.#onFenced?.(this.#fenced);
    this.assertLive();
  }

  assertLive(): void {
    if (this.#fenced !== null) throw new TokenfoldError(this.#fenced, { code: 'unavailable' });
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** A graceful end: the row goes, so nobody waits for the lease to expire. */
  async release(db: PgQueryable): Promise<void> {
    this.stop();
    if (this.#fenced === null) await db.query('DELETE FROM instances WHERE id = $1', [this.id]);
  }
}
