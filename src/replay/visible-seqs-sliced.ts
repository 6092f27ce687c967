// visibleSeqs for a server: computed beside other work (the event loop turns every few milliseconds) and
// remembered per records array, so the pages of one cached history share one computation.
import type { LogRecord } from '../records/types.js';
import { slicer } from '../util/turns.js';
import { visibleSeqs } from './expand.js';

/** Records per synchronous step: 64 line records of 8,192 lines took 17 ms; 8 take about 2. */
const STEP_RECORDS = 8;

const cache = new WeakMap<readonly LogRecord[], { all?: Float64Array; visible?: Float64Array }>();

/**
 * The same seqs as `visibleSeqs`. A million-line history took 35-85 ms in one go (`npm run bench:stall`):
 * here the records are taken a few at a time, and the runs merged at the end, turning the loop between.
 */
export async function visibleSeqsSliced(
  records: readonly LogRecord[],
  repeats: boolean,
): Promise<Float64Array> {
  const key = repeats ? 'all' : 'visible';
  const known = cache.get(records)?.[key];
  if (known !== undefined) return known;
  const turn = slicer();
  const runs: Float64Array[] = [];
  for (let i = 0; i < records.length; i += STEP_RECORDS) {
    runs.push(visibleSeqs(records.slice(i, i + STEP_RECORDS), repeats));
    await turn();
  }
  const seqs = await mergeRuns(runs, turn);
  const entry = cache.get(records) ?? {};
  entry[key] = seqs;
  cache.set(records, entry);
  return seqs;
}

/** Concatenates sorted runs; where they overlap (ASCII and other lines of one segment), sorts and drops duplicates. */
async function mergeRuns(runs: Float64Array[], turn: () => Promise<void> | void): Promise<Float64Array> {
  let n = 0;
  let sorted = true;
  let prev = -Infinity;
  for (const r of runs) {
    if (r.length === 0) continue;
    if (r[0]! <= prev) sorted = false;
    prev = r[r.length - 1]!;
    n += r.length;
  }
  const out = new Float64Array(n);
  let k = 0;
  for (const r of runs) (out.set(r, k), (k += r.length));
  if (sorted) return out;
  await turn();
  out.sort();
  let u = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[u++] = out[i]!;
  return out.subarray(0, u);
}
