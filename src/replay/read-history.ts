// Reads an execution's history: stored rows (live records or segments) plus what is still in memory.
import { decodeStoredRecordsAsync } from '../records/segment-codec.js';
import type { LogRecord } from '../records/types.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import type { ReplayEntry } from './entry.js';
import { expandRecords, type ExpandOptions } from './expand.js';
import { LineHistory } from './line-history.js';

export async function readRecords(
  store: LogStore,
  execution: Pick<Execution, 'num'>,
  unpersisted: readonly LogRecord[] = [],
): Promise<LogRecord[]> {
  const out = await decodeStoredRecordsAsync(await store.readRecords(execution.num));
  for (const rec of unpersisted) out.push(rec);
  return out;
}

/** The execution's lines after `afterSeq`; `repeats`: with exact repeats of deltas (the `raw` view). */
export async function readEntries(
  store: LogStore,
  execution: Pick<Execution, 'num'>,
  o: ExpandOptions = {},
  unpersisted: readonly LogRecord[] = [],
): Promise<ReplayEntry[]> {
  return expandRecords(await readRecords(store, execution, unpersisted), o);
}

/** The execution's line views, indexed from its stored rows (and what is still in memory), decoded window by window. */
export async function openLineHistory(
  store: LogStore,
  execution: Pick<Execution, 'num'>,
  unpersisted: readonly LogRecord[] = [],
): Promise<LineHistory> {
  return LineHistory.open(await store.readRecords(execution.num), unpersisted);
}
