// One place mapping errors to HTTP statuses and JSON bodies; never leaks a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, TokenfoldError, asCorrupt } from '../errors.js';
import type { Redact } from './redact.js';

/** The handler; `redact` keeps the access token out of every message sent (an error may quote the URL). */
export const errorHandler =
  (redact: Redact) =>
  (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void => {
    // A damaged page or segment met while decoding a read: `corrupt`, not `internal` (see src/errors.ts).
    if (((err as FastifyError).statusCode ?? 500) >= 500) err = asCorrupt(err) ?? err;
    if (err instanceof TokenfoldError) {
      void reply.code(ERROR_CODES[err.code].status).send({
        error: { code: err.code, message: redact(err.message), ...(err.field ? { field: err.field } : {}) },
      });
      return;
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      void reply.code(413).send({ error: { code: 'too_large', message: 'request body too large' } });
      return;
    }
    if (fe.validation !== undefined && fe.validation.length > 0) {
      const { field, message } = validationProblem(fe.validation[0]!, fe.validationContext ?? 'request');
      void reply
        .code(400)
        .send({ error: { code: 'invalid', message: redact(`${field}: ${message}`), field } });
      return;
    }
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      void reply.code(fe.statusCode).send({ error: { code: 'invalid', message: redact(fe.message) } });
      return;
    }
    req.log.error({ err }, 'request failed');
    void reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
  };

type SchemaError = NonNullable<FastifyError['validation']>[number];

/** The field a schema error is about (a body property or query parameter) and what is wrong with it. */
function validationProblem(e: SchemaError, context: string): { field: string; message: string } {
  const p = e.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] };
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (p.additionalProperty !== undefined)
    return {
      field: p.additionalProperty,
      message: context === 'body' ? 'unknown property' : 'unknown parameter',
    };
  if (p.missingProperty !== undefined) return { field: p.missingProperty, message: 'required' };
  const field = path === '' ? context : path;
  if (p.allowedValues !== undefined)
    return { field, message: `must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
  return { field, message: e.message ?? 'invalid' };
}
