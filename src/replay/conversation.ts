// The `conversation` format: replayed lines folded into conversation entries (shared with the web UI).
import { ConversationBuilder } from '../conversation/builder.js';
import type { ConversationEntry } from '../conversation/types.js';
import type { ReplayEntry } from './entry.js';

/** `executor` picks the agent's conversation dialect; without one it is recognised from the lines. */
export function toConversation(
  entries: readonly ReplayEntry[],
  executor?: string,
): { items: readonly ConversationEntry[]; lastSeq: number } {
  const b = new ConversationBuilder(executor);
  for (const e of entries) b.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
  return { items: b.entries(), lastSeq: b.lastSeq };
}
