// Flattens the entry tree into rows with a nesting depth (for virtualised lists and terminal output).
import type { ConversationEntry, ToolCallEntry } from './types.js';

export interface ConversationRow {
  entry: ConversationEntry;
  /** 0 for the main agent, 1 inside a sub-agent, 2 inside a sub-agent's sub-agent… */
  depth: number;
}

/** Depth-first: a tool call, then its children (unless `collapsed` says to hide them). */
export function flattenEntries(
  entries: readonly ConversationEntry[],
  collapsed: (call: ToolCallEntry) => boolean = () => false,
  depth = 0,
  out: ConversationRow[] = [],
): ConversationRow[] {
  for (const entry of entries) {
    out.push({ entry, depth });
    if (entry.kind === 'tool-call' && entry.children.length > 0 && !collapsed(entry))
      flattenEntries(entry.children, collapsed, depth + 1, out);
  }
  return out;
}

/** Every entry in the tree, depth-first. */
export function* walkEntries(entries: readonly ConversationEntry[]): Generator<ConversationEntry> {
  for (const e of entries) {
    yield e;
    if (e.kind === 'tool-call') yield* walkEntries(e.children);
  }
}
