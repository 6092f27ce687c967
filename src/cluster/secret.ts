// The cluster secret: instances sharing a database authenticate their internal requests with it. Compared
// in constant time (as SHA-256 digests: neither its content nor its length shows), never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalid } from '../errors.js';

/** The header an instance sends its internal requests with. */
export const CLUSTER_SECRET_HEADER = 'x-tokenfold-cluster-secret';
/** Paths only other instances may call (with the secret). */
export const INTERNAL_PREFIX = '/internal/';
const MIN_LENGTH = 16;

/** A secret short enough to guess, or empty, is refused (naming the option it came from). */
export function checkClusterSecret(secret: string, name = '--cluster-secret'): string {
  if (secret.trim().length < MIN_LENGTH)
    throw invalid(name, `must be at least ${MIN_LENGTH} characters (e.g. openssl rand -base64 32)`);
  return secret;
}

/** Whether a header value is the secret, in constant time. */
export function secretMatcher(secret: string): (given: string | string[] | undefined) => boolean {
  const want = sha256(secret);
  return (given) => typeof given === 'string' && timingSafeEqual(sha256(given), want);
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
