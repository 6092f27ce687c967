// Precomputes a compacted execution's conversation pages (built from its history) and stores them beside it.
import { AGENT_EXECUTORS } from '../../runner/agents/names.js';
import { DerivedKind, type LogStore } from '../../store/contract.js';
import type { Execution } from '../../store/types.js';
import { slicer } from '../../util/turns.js';
import { buildConversation, type BuiltConversation } from './build.js';
import { encodePages } from './page-codec.js';

const WITH_PAGES: ReadonlySet<string> = new Set(['claude-code', ...AGENT_EXECUTORS]);

/** Whether runs of this executor are read as a conversation (the agents'), so their pages are worth storing. */
export const hasConversationPages = (executor: string): boolean => WITH_PAGES.has(executor);

export interface StorePagesOptions {
  /** The conversation, when the caller has built it already (a first open of an older run). */
  built?: BuiltConversation;
  /** Awaited between slices of work (default: a slicer of 8 ms); may throw to stop the build. */
  turn?: () => Promise<void> | void;
}

/**
 * Builds (unless given) and stores the conversation pages of a compacted agent run; returns whether they
 * were stored (false for other executors, or when the execution was deleted or is not compacted meanwhile).
 */
export async function storeConversationPages(
  store: LogStore,
  e: Pick<Execution, 'id' | 'num' | 'executor'>,
  o: StorePagesOptions = {},
): Promise<boolean> {
  if (!hasConversationPages(e.executor)) return false;
  const turn = o.turn ?? slicer();
  const built = o.built ?? (await buildConversation(store, e, [], turn));
  const records = await encodePages(e.id, built.items, built.lastSeq, turn);
  return store.putDerived(e, DerivedKind.ConversationPages, records);
}
