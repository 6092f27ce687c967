// A PostgreSQL store's health: a failed write whose cause is the server (gone, full, read-only,
// damaged) marks it degraded until a write succeeds; each change is reported once.
import { TokenfoldError } from '../../errors.js';
import { HEALTHY, type StorageHealth } from '../health.js';

/** Why a failed query says storage itself is at fault, or null for anything else (a bug, a constraint). */
export function pgStorageFault(err: unknown): string | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code === '53100')
    return 'PostgreSQL disk full: writes fail until space is freed (they are kept in memory and retried)';
  if (code === '25006') return 'PostgreSQL database is read-only: writes fail';
  if (code === 'XX001' || code === 'XX002') return `PostgreSQL reports damaged data (${code})`;
  if (code.startsWith('08') || code.startsWith('57P') || code === '53300')
    return `PostgreSQL connection lost (${code}): ${(err as Error).message}`;
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/.test(code))
    return `PostgreSQL unreachable (${code})`;
  if (
    err instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      err.message,
    )
  )
    return `PostgreSQL unreachable: ${err.message}`;
  return null;
}

export class PgHealth {
  readonly #onChange: ((h: StorageHealth) => void) | undefined;
  #state: StorageHealth = HEALTHY;

  constructor(onChange?: (h: StorageHealth) => void) {
    this.#onChange = onChange;
  }

  /** Runs a write: a storage fault marks the store degraded and becomes a clear error; a success clears it. */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      const reason = pgStorageFault(err);
      if (reason === null) throw err;
      this.set({
        status: 'degraded',
        reason,
        since:
          this.#state.status === 'degraded' && this.#state.reason === reason
            ? this.#state.since
            : new Date().toISOString(),
      });
      const corrupt = /^XX00[12]$/.test(String((err as { code?: unknown }).code));
      throw new TokenfoldError(`storage: ${reason}`, {
        code: corrupt ? 'corrupt' : 'unavailable',
        cause: err,
      });
    }
    this.set(HEALTHY);
    return result;
  }

  check(): StorageHealth {
    return this.#state;
  }

  set(h: StorageHealth): void {
    const last = this.#state;
    this.#state = h;
    if (
      h.status !== last.status ||
      (h.status === 'degraded' && last.status === 'degraded' && h.reason !== last.reason)
    )
      this.#onChange?.(h);
  }
}
