// When the folder persists what it holds: thresholds per open block and per pending line batch.
import { invalid } from '../errors.js';

export interface FlushPolicy {
  /** Persist an open block after this many deltas since the last flush. */
  maxItems: number;
  /** ... or this many payload bytes (a line batch: text bytes plus 4 per line). */
  maxBytes: number;
  /** ... or once it has been open this long (ms), so a crash loses at most about this much. */
  maxOpenMs: number;
}

/**
 * For live runs: what is on disk trails the stream by at most 100 deltas, 10 KB or 1 s.
 * @example
 * ```ts
 * new ExecutionManager({ store, policy: { ...DEFAULT_FLUSH_POLICY, maxOpenMs: 250 } }); // lose at most ~250 ms on a crash
 * ```
 */
export const DEFAULT_FLUSH_POLICY: FlushPolicy = { maxItems: 100, maxBytes: 10 * 1024, maxOpenMs: 1000 };

/** For recorded input (ingest, import): nothing is live, so only block ends and big batches flush. */
// Records of at most about a segment (1 MB): one record is decoded in one go when read, so a bigger one
// (4 MB held ~380,000 short lines) held a server's event loop for a tenth of a second or more.
export const BULK_FLUSH_POLICY: FlushPolicy = {
  maxItems: 50_000,
  maxBytes: 1024 * 1024,
  maxOpenMs: Number.POSITIVE_INFINITY,
};

export function validateFlushPolicy(p: FlushPolicy): FlushPolicy {
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' || !(v > 0))
      throw invalid(`policy.${k}`, `must be a positive number, got ${String(v)}`);
  }
  return p;
}
