// One error base class; `code` lets the HTTP layer and the CLI map errors to statuses and messages.

/**
 * Stable error codes (the `code` of an HTTP error body):
 * - `invalid` 400, `forbidden` 403, `not_found` 404, `conflict` 409, `too_large` 413: the request's fault.
 * - `corrupt` 422: the request is fine but the stored data it needs is damaged (a damaged database page or
 *   segment); retrying will not help, other executions stay readable. Not 5xx: nothing is wrong with the
 *   server itself, and clients must not retry it like an outage.
 * - `unavailable` 503: storage or a resource is missing for now (disk full, database read-only, shutting down).
 * - `internal` 500: a bug.
 */
export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'too_large' | 'forbidden' | 'unavailable' | 'corrupt' | 'internal';

export class TokenfoldError extends Error {
  readonly code: ErrorCode;
  /** The request field or option at fault, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: { code?: ErrorCode; field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TokenfoldError';
    this.code = options.code ?? 'internal';
    this.field = options.field;
  }
}

export const invalid = (field: string, message: string) => new TokenfoldError(`${field}: ${message}`, { code: 'invalid', field });
export const notFound = (what: string) => new TokenfoldError(`${what} not found`, { code: 'not_found' });

// SQLite's damaged-file codes, zlib's and brotli's decoding failures, and the record codecs' own checks.
const CORRUPT_CODE = /^(SQLITE_CORRUPT|SQLITE_NOTADB|Z_DATA_ERROR|Z_BUF_ERROR|Z_NEED_DICT|ERR__ERROR_FORMAT)/;
const CORRUPT_MESSAGE = /^corrupt\b|database disk image is malformed/i;

/** True when `err` says stored data could not be decoded (as opposed to a bug or an outage). */
export function isCorruption(err: unknown): boolean {
  if (err instanceof TokenfoldError) return err.code === 'corrupt';
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && CORRUPT_CODE.test(code)) || (err instanceof Error && CORRUPT_MESSAGE.test(err.message));
}

/** `err` as a `corrupt` error about `what` (e.g. "execution <id>"), or null when it is something else. */
export function asCorrupt(err: unknown, what = 'stored data'): TokenfoldError | null {
  if (err instanceof TokenfoldError) return err.code === 'corrupt' ? err : null;
  if (!isCorruption(err)) return null;
  return new TokenfoldError(`${what} is damaged and cannot be read: ${(err as Error).message}`, { code: 'corrupt', cause: err });
}
