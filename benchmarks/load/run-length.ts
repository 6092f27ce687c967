// How long a generated Claude Code run lasts at realistic pace, and how many deltas make a run last a given time.
import { generateClaudeRun } from '../../src/demo/claude-run.js';

/** Realistic (1×) duration of a run of `n` deltas, from the generator's own delays. */
export function runMs(n: number): number {
  let ms = 0;
  for (const l of generateClaudeRun({ seed: 1, targetDeltas: n })) ms += l.delayMs;
  return ms;
}

/** Deltas per run so that a run lasts about `ms` at `pace`. */
export function deltasFor(ms: number, pace: number): number {
  const probe = 1000;
  return Math.max(50, Math.round((probe * ms * pace) / runMs(probe)));
}
