// One error base class; `code` lets the HTTP layer and the CLI map errors to statuses and messages.

/**
 * The catalogue of stable error codes: the `code` of an HTTP error body and of a `TokenfoldError`, with the
 * HTTP status each maps to. docs/API.md lists them for clients.
 */
export const ERROR_CODES = {
  /** A request field, query parameter or option is wrong; `field` names it. */
  invalid: { status: 400 },
  /** Missing or wrong access token, or a request from another origin or Host. */
  forbidden: { status: 403 },
  not_found: { status: 404 },
  /** The state does not allow it (e.g. the database is held by another server). */
  conflict: { status: 409 },
  too_large: { status: 413 },
  /**
   * The request is fine but the stored data it needs is damaged (a damaged database page or segment);
   * retrying will not help, other executions stay readable. Not 5xx: nothing is wrong with the server
   * itself, and clients must not retry it like an outage.
   */
  corrupt: { status: 422 },
  /** Storage or a resource is missing for now (disk full, database read-only, shutting down): retry later. */
  unavailable: { status: 503 },
  /** A bug. */
  internal: { status: 500 },
} as const;

/**
 * A stable error code (see `ERROR_CODES`).
 * @example
 * ```ts
 * try { await store.getExecution(id); } catch (err) { if (err instanceof TokenfoldError && err.code === 'corrupt') … }
 * ```
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The one error class tokenfold throws for anything a user or client can act on.
 * @example
 * ```ts
 * throw new TokenfoldError('limit: must be at most 500', { code: 'invalid', field: 'limit' });
 * ```
 */
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

export const invalid = (field: string, message: string) =>
  new TokenfoldError(`${field}: ${message}`, { code: 'invalid', field });
export const notFound = (what: string) => new TokenfoldError(`${what} not found`, { code: 'not_found' });

// SQLite's damaged-file codes, zlib's and brotli's decoding failures, and the record codecs' own checks.
const CORRUPT_CODE = /^(SQLITE_CORRUPT|SQLITE_NOTADB|Z_DATA_ERROR|Z_BUF_ERROR|Z_NEED_DICT|ERR__ERROR_FORMAT)/;
const CORRUPT_MESSAGE = /^corrupt\b|database disk image is malformed/i;

/** True when `err` says stored data could not be decoded (as opposed to a bug or an outage). */
export function isCorruption(err: unknown): boolean {
  if (err instanceof TokenfoldError) return err.code === 'corrupt';
  const code = (err as { code?: unknown } | null)?.code;
  return (
    (typeof code === 'string' && CORRUPT_CODE.test(code)) ||
    (err instanceof Error && CORRUPT_MESSAGE.test(err.message))
  );
}

/** `err` as a `corrupt` error about `what` (e.g. "execution <id>"), or null when it is something else. */
export function asCorrupt(err: unknown, what = 'stored data'): TokenfoldError | null {
  if (err instanceof TokenfoldError) return err.code === 'corrupt' ? err : null;
  if (!isCorruption(err)) return null;
  return new TokenfoldError(`${what} is damaged and cannot be read: ${(err as Error).message}`, {
    code: 'corrupt',
    cause: err,
  });
}
