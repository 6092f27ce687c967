// Consistent history + live subscription: nothing missed and nothing twice, whatever flushes or
// compactions happen in between. Order matters: subscribe, snapshot memory, then read the store.
import { expandRecords } from '../replay/expand.js';
import type { ReplayEntry } from '../replay/entry.js';
import { readRecords } from '../replay/read-history.js';
import type { LogRecord } from '../records/types.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import type { ExecutionLog } from '../pipeline/execution-log.js';

export interface HistoryAndLive {
  history: ReplayEntry[];
  /** Call once `history` is sent: delivers what arrived meanwhile, then live entries, via `onEntry`. */
  start: () => void;
  unsubscribe: () => void;
}

/**
 * Reads every entry after `afterSeq`, then calls `onEntry` for each later one as it arrives.
 * Anything committed after the memory snapshot was in the snapshot; anything committed before the store
 * read is in the store; entries arriving meanwhile are buffered and filtered by seq.
 */
export async function historyThenLive(store: LogStore, execution: Execution, log: ExecutionLog | undefined, afterSeq: number, onEntry: (e: ReplayEntry) => void, o: { repeats?: boolean } = {}): Promise<HistoryAndLive> {
  let buffered: ReplayEntry[] | null = [];
  let last = afterSeq;
  const deliver = (e: ReplayEntry) => {
    if (e.seq <= last || (e.repeat === true && o.repeats !== true)) return;
    last = e.seq;
    onEntry(e);
  };
  const unsubscribe = log?.subscribe((e) => (buffered ? buffered.push(e) : deliver(e))) ?? (() => {});
  const memory: LogRecord[] = log?.unpersisted() ?? [];
  const records = await readRecords(store, execution, memory);
  const history = expandRecords(records, { afterSeq, repeats: o.repeats === true });
  if (history.length > 0) last = history[history.length - 1]!.seq;
  const start = () => {
    const pending = buffered ?? [];
    buffered = null;
    for (const e of pending) deliver(e);
  };
  return { history, start, unsubscribe };
}
