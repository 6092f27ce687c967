// Storage health: whether writes can be expected to succeed, and why not (reported by /api/info, logged once).
import { TokenfoldError } from '../errors.js';

export type StorageHealth = { status: 'ok' } | { status: 'degraded'; reason: string; since: string };

export const HEALTHY: StorageHealth = { status: 'ok' };

/** Why a failed write says storage itself is at fault (full, read-only, I/O, damaged), or null for anything else. */
export function storageFault(err: unknown): string | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL'))
    return 'disk full: writes fail until space is freed (they are kept in memory and retried)';
  if (code.startsWith('SQLITE_READONLY')) return `database is read-only (${code}): writes fail`;
  if (code.startsWith('SQLITE_IOERR')) return `I/O error writing the database (${code})`;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return `database is damaged (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `database file cannot be opened (${code})`;
  return null;
}

/** A storage fault as the error callers see: `unavailable` (503), or `corrupt` for a damaged file. */
export function faultError(err: unknown, reason: string): TokenfoldError {
  const code = String((err as { code?: unknown }).code ?? '');
  const corrupt = code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
  return new TokenfoldError(`storage: ${reason}`, { code: corrupt ? 'corrupt' : 'unavailable', cause: err });
}
