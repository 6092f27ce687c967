// Flaky-capture duplicates: some content_block_delta lines repeated verbatim 1–20 lines after the original.
import type { Rng } from './prng.js';

const DELTA_HEAD = '{"type":"stream_event","event":{"type":"content_block_delta"';

export function isDeltaLine(line: string): boolean {
  return line.startsWith(DELTA_HEAD);
}

/** Returns a new array where each delta line is, with probability `rate`, repeated 1–20 lines later (near the end: just before the last line). */
export function insertDuplicates(lines: readonly string[], rate: number, rng: Rng): string[] {
  const out: string[] = [];
  let pending: { line: string; after: number }[] = [];
  for (const line of lines) {
    if (pending.length > 0) {
      // Repeats that are due go out before this line (`after` = 0: right behind the original; 19: twenty lines later).
      const keep: typeof pending = [];
      for (const p of pending)
        if (--p.after <= 0) out.push(p.line);
        else keep.push(p);
      pending = keep;
    }
    out.push(line);
    if (isDeltaLine(line) && rng.chance(rate)) pending.push({ line, after: rng.int(0, 19) });
  }
  // Still pending at the end: before the final line (a result stays last), unless the original is that line.
  if (pending.length > 0) {
    const last = out.pop()!;
    for (const p of pending) if (p.line !== last) out.push(p.line);
    out.push(last);
    for (const p of pending) if (p.line === last) out.push(p.line);
  }
  return out;
}
