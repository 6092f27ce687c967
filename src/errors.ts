// One error base class; `code` lets the HTTP layer and the CLI map errors to statuses and messages.

export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'too_large' | 'forbidden' | 'unavailable' | 'internal';

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
