// One place mapping errors to HTTP statuses and JSON bodies; never leaks a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { TokenfoldError, type ErrorCode } from '../errors.js';

const STATUS: Record<ErrorCode, number> = { invalid: 400, not_found: 404, conflict: 409, too_large: 413, forbidden: 403, unavailable: 503, internal: 500 };

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof TokenfoldError) {
    void reply.code(STATUS[err.code]).send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    return;
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.code(413).send({ error: { code: 'too_large', message: 'request body too large' } });
    return;
  }
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.code(fe.statusCode).send({ error: { code: 'invalid', message: fe.message } });
    return;
  }
  req.log.error({ err }, 'request failed');
  void reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
}
