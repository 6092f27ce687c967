// Holds the entries in order, nests sub-agent entries under their tool call, and indexes calls and messages.
import type { ConversationEntry, ToolCallEntry } from './types.js';

export class EntryStore {
  /** Top-level entries (parent null, or a parent call that was never seen). */
  readonly top: ConversationEntry[] = [];
  /** Bumped whenever an entry is added anywhere in the tree. */
  structureVersion = 0;
  count = 0;
  readonly #tools = new Map<string, ToolCallEntry>();
  /** Assistant message id → the entries made from its blocks (to recognise a block seen twice). */
  readonly #messages = new Map<string, ConversationEntry[]>();

  add(entry: ConversationEntry, messageId?: string): void {
    const call = entry.parent === null ? undefined : this.#tools.get(entry.parent);
    if (call !== undefined) {
      call.children.push(entry);
      call.seq = entry.seq;
    } else {
      this.top.push(entry);
    }
    if (entry.kind === 'tool-call') this.#tools.set(entry.id, entry);
    if (messageId !== undefined) {
      const list = this.#messages.get(messageId);
      if (list === undefined) this.#messages.set(messageId, [entry]);
      else list.push(entry);
    }
    this.count++;
    this.structureVersion++;
  }

  tool(id: string): ToolCallEntry | undefined {
    return this.#tools.get(id);
  }

  message(id: string): readonly ConversationEntry[] | undefined {
    return this.#messages.get(id);
  }
}
