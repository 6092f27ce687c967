// Shared CLI option handling: the database path and positive-number options.
import { resolve } from 'node:path';
import { TokenfoldError } from '../errors.js';
import { isPostgresUrl } from '../store/postgres/connect.js';

export const DEFAULT_DB = './data/tokenfold.db';

/** --db, then TOKENFOLD_DB, then ./data/tokenfold.db: a file path made absolute, or a postgres:// URL as given. */
export function resolveDbPath(option: string | undefined): string {
  const location = option ?? process.env.TOKENFOLD_DB ?? DEFAULT_DB;
  return isPostgresUrl(location) ? location : resolve(location);
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new TokenfoldError(`${name} must be a non-negative number, got "${value}"`, {
        code: 'invalid',
        field: name,
      });
    return n;
  };
}

export function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!allowed.includes(value as T))
      throw new TokenfoldError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`, {
        code: 'invalid',
        field: name,
      });
    return value as T;
  };
}
