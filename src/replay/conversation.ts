// The `conversation` format: replayed lines folded into conversation entries (shared with the web UI).
import { ConversationBuilder } from '../conversation/builder.js';
import type { ConversationEntry } from '../conversation/types.js';
import type { ReplayEntry } from './entry.js';

export function toConversation(entries: readonly ReplayEntry[]): { items: readonly ConversationEntry[]; lastSeq: number } {
  const b = new ConversationBuilder();
  for (const e of entries) b.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
  return { items: b.entries(), lastSeq: b.lastSeq };
}
