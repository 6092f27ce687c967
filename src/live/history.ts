// Consistent history + live subscription: nothing missed and nothing twice, whatever flushes or
// compactions happen in between. Order matters: subscribe, snapshot memory, then read the store.
import type { ReplayEntry } from '../replay/entry.js';
import type { LineHistory } from '../replay/line-history.js';
import { openLineHistory } from '../replay/read-history.js';
import type { LogRecord } from '../records/types.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import type { ExecutionLog } from '../pipeline/execution-log.js';
import { asCorrupt } from '../errors.js';

export interface HistoryAndLive {
  /** Every history entry at once (a conversation snapshot needs them all). */
  entries(): Promise<ReplayEntry[]>;
  /** The history in pages of about `size` entries, regenerated one page at a time as the caller asks (the event loop turns between them). */
  pages(size?: number): AsyncGenerator<ReplayEntry[]>;
  /** Call once the history is sent: delivers what arrived meanwhile, then live entries, via `onEntry`. */
  start: () => void;
  unsubscribe: () => void;
}

/**
 * Reads every entry after `afterSeq`, then calls `onEntry` for each later one as it arrives.
 * Anything committed after the memory snapshot was in the snapshot; anything committed before the store
 * read is in the store; entries arriving meanwhile are buffered and filtered by seq.
 */
export async function historyThenLive(
  store: LogStore,
  execution: Execution,
  log: ExecutionLog | undefined,
  afterSeq: number,
  onEntry: (e: ReplayEntry) => void,
  o: { repeats?: boolean } = {},
): Promise<HistoryAndLive> {
  let buffered: ReplayEntry[] | null = [];
  let last = afterSeq;
  const deliver = (e: ReplayEntry) => {
    if (e.seq <= last || (e.repeat === true && o.repeats !== true)) return;
    last = e.seq;
    onEntry(e);
  };
  const unsubscribe = log?.subscribe((e) => (buffered ? buffered.push(e) : deliver(e))) ?? (() => {});
  const memory: LogRecord[] = log?.unpersisted() ?? [];
  let history: LineHistory;
  try {
    history = await openLineHistory(store, execution, memory);
  } catch (err) {
    unsubscribe();
    throw asCorrupt(err, `execution ${execution.id}`) ?? err;
  }
  const repeats = o.repeats === true;
  // Only the seqs now: lines are regenerated page by page, from the rows holding them, as they are sent.
  const seqs = history.seqs(repeats);
  const from = seqs.lowerBound(afterSeq + 1);
  if (from < seqs.length) last = seqs.at(seqs.length - 1);
  const corrupt = (err: unknown) => asCorrupt(err, `execution ${execution.id}`) ?? err;
  const entries = () =>
    history.entries(afterSeq, repeats).catch((err: unknown) => Promise.reject(corrupt(err)));
  async function* pages(size = 4096): AsyncGenerator<ReplayEntry[]> {
    try {
      for await (const piece of history.lines(from, seqs.length, repeats, size)) {
        yield piece;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      throw corrupt(err);
    }
  }
  const start = () => {
    const pending = buffered ?? [];
    buffered = null;
    for (const e of pending) deliver(e);
  };
  return { entries, pages, start, unsubscribe };
}
