// Retention options as the CLI takes them (`prune --older-than 30d`, `serve --retain-older-than 30d`) → a policy.
import { invalid } from '../errors.js';
import { EXECUTION_KINDS, type ExecutionKind } from '../store/types.js';
import type { RetentionPolicy } from './policy.js';
import { parseCount, parseDuration, parseSize } from './units.js';

export interface RetentionFlags {
  olderThan?: string;
  keepLast?: string;
  maxBytes?: string;
  kind?: string;
}

/** `prefix` is how the flags are spelled in errors: `--` for prune, `--retain-` for serve. */
export function policyFromFlags(f: RetentionFlags, prefix = '--'): RetentionPolicy {
  const p: RetentionPolicy = {};
  if (f.olderThan !== undefined) p.olderThanMs = parseDuration(`${prefix}older-than`, f.olderThan);
  if (f.keepLast !== undefined) p.keepLast = parseCount(`${prefix}keep-last`, f.keepLast);
  if (f.maxBytes !== undefined) p.maxBytes = parseSize(`${prefix}max-bytes`, f.maxBytes);
  if (f.kind !== undefined) {
    if (!(EXECUTION_KINDS as readonly string[]).includes(f.kind))
      throw invalid(`${prefix}kind`, `must be one of ${EXECUTION_KINDS.join(', ')}, got "${f.kind}"`);
    p.kind = f.kind as ExecutionKind;
  }
  return p;
}
