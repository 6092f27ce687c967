// Request guards: loopback Host only (DNS rebinding), same-origin writes only (CSRF), token off-loopback.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLUSTER_SECRET_HEADER, INTERNAL_PREFIX, secretMatcher } from '../cluster/secret.js';
import { invalid } from '../errors.js';

export interface SecurityOptions {
  host: string;
  port: () => number;
  /** Required on every request when set (always set when bound to a non-loopback address). */
  token: string | null;
  /** The secret other instances call the internal endpoints with; null: no internal endpoints. */
  clusterSecret?: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** An empty or whitespace token would let every request through (`?token=` matched it): refused. */
export function checkToken(token: string | null, name = 'token'): string | null {
  if (token !== null && (typeof token !== 'string' || token.trim() === ''))
    throw invalid(
      name,
      'must not be empty or whitespace: give a secret, or leave it out to have one generated',
    );
  return token;
}

export function securityHook(o: SecurityOptions) {
  const loopback = isLoopback(o.host);
  const tokenHash = checkToken(o.token) === null ? null : sha256(o.token!);
  const isClusterSecret = o.clusterSecret == null ? null : secretMatcher(o.clusterSecret);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const port = o.port();
    if (loopback && !allowedHost(req.headers.host, port, o.host)) {
      return deny(reply, `Host "${req.headers.host ?? ''}" is not allowed: use http://127.0.0.1:${port}`);
    }
    // Internal endpoints: other instances only, with the cluster secret (which stands in for the token).
    // By the matched route too: the router decodes the path (`/%69nternal/…` is an internal route).
    if (req.url.startsWith(INTERNAL_PREFIX) || req.routeOptions.url?.startsWith(INTERNAL_PREFIX) === true) {
      if (isClusterSecret === null || !isClusterSecret(req.headers[CLUSTER_SECRET_HEADER]))
        return deny(
          reply,
          'internal endpoint: only for other tokenfold instances, with the cluster secret',
          401,
        );
      return;
    }
    if (!SAFE_METHODS.has(req.method)) {
      const origin = req.headers.origin;
      // Browsers send Origin on cross-site writes; without one, Sec-Fetch-Site still tells.
      const crossSite =
        origin !== undefined
          ? !allowedOrigin(origin, port, o.host, req.headers.host)
          : req.headers['sec-fetch-site'] === 'cross-site';
      if (crossSite) return deny(reply, `cross-origin request from ${origin ?? 'another site'} refused`);
    }
    if (tokenHash !== null && !hasToken(req, tokenHash))
      return deny(reply, 'a token is required: Authorization: Bearer TOKEN or ?token=TOKEN', 401);
  };
}

function allowedHost(header: string | undefined, port: number, bound: string): boolean {
  if (header === undefined) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.toLowerCase());
  if (m === null) return false;
  const name = m[1]!;
  return (LOOPBACK.has(name) || name === bound) && (m[2] === undefined ? port === 80 : Number(m[2]) === port);
}

function allowedOrigin(origin: string, port: number, bound: string, host: string | undefined): boolean {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:') return false;
    return isLoopback(bound) ? allowedHost(u.host, port, bound) : u.host === host;
  } catch {
    return false;
  }
}

/** Compares SHA-256 digests in constant time: neither the token's content nor its length shows in the timing. */
function hasToken(req: FastifyRequest, tokenHash: Buffer): boolean {
  const auth = req.headers.authorization;
  const given = auth?.startsWith('Bearer ')
    ? auth.slice(7)
    : (req.query as { token?: unknown } | undefined)?.token;
  if (typeof given !== 'string') return false;
  return timingSafeEqual(sha256(given), tokenHash);
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function deny(reply: FastifyReply, message: string, status = 403): FastifyReply {
  return reply.code(status).send({ error: { code: 'forbidden', message } });
}
