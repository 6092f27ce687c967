// Security headers on every response (web UI, API, SSE streams, refusals, 404s): no framing by another site
// (clickjacking), and a Content-Security-Policy the built UI runs under (Vite emits no inline script or style;
// React's style props go through the CSSOM, which style-src does not restrict; the favicon is a data: URL).
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // URLs may carry ?token=: never sent to another site as a Referer.
  'referrer-policy': 'no-referrer',
};

/**
 * First onRequest hook. Set on the raw response, so they also reach responses written outside Fastify's
 * reply (hijacked SSE streams merge them into their writeHead).
 */
export async function securityHeaders(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  for (const name in SECURITY_HEADERS) reply.raw.setHeader(name, SECURITY_HEADERS[name]!);
}
