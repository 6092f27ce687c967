// Builds an execution's conversation from its history (stored rows plus what is still in memory), in slices.
import { ConversationBuilder } from '../../conversation/builder.js';
import type { ConversationEntry } from '../../conversation/types.js';
import type { LogRecord } from '../../records/types.js';
import type { LogStore } from '../../store/contract.js';
import type { Execution } from '../../store/types.js';
import { slicer } from '../../util/turns.js';
import { foldedEntriesSliced } from '../folded.js';
import { readRecords } from '../read-history.js';

export interface BuiltConversation {
  /** Top-level entries (sub-agent entries nested in their tool call). */
  items: readonly ConversationEntry[];
  lastSeq: number;
}

/**
 * The conversation of `e`, as `toConversation` of its lines gives it. The event loop turns every few
 * milliseconds (reading, folding and building a 250,000-delta run is about a second of work); `turn`
 * replaces the default slicer (to report progress or to stop a build).
 */
export async function buildConversation(
  store: LogStore,
  e: Pick<Execution, 'num' | 'executor'>,
  unpersisted: readonly LogRecord[] = [],
  turn: () => Promise<void> | void = slicer(),
): Promise<BuiltConversation> {
  // Folding the folded lines gives the same entries as folding every delta, from far fewer lines (7,573 instead of 31,420 in the e2e run).
  const lines = await foldedEntriesSliced(await readRecords(store, e, unpersisted), turn);
  const b = new ConversationBuilder(e.executor);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    b.apply(l.seq, l.text ?? l.bytes!.toString('utf8'), l.stream);
    // Checked after every line (a folded line can hold a whole block: 256 of them took 14 ms); awaited only to turn.
    const t = turn();
    if (t !== undefined) await t;
  }
  return { items: b.entries(), lastSeq: b.lastSeq };
}
