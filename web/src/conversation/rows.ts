// The conversation as list rows: loaded entries flattened (sub-agents nested), an unloaded top-level entry as one placeholder.
import { flattenEntries, type ConversationEntry, type ToolCallEntry } from 'tokenfold/conversation';
import type { EntryWindow } from './entry-window.js';

export interface Row {
  /** `t:<index>` for a top-level entry, loaded or not (so a placeholder and its entry are one row to the list), else the entry id. */
  key: string;
  /** null: not loaded yet. */
  entry: ConversationEntry | null;
  depth: number;
  /** Index of the top-level entry this row belongs to. */
  top: number;
}

export function liveRows(
  entries: readonly ConversationEntry[],
  collapsed: (c: ToolCallEntry) => boolean,
): Row[] {
  return flattenEntries(entries, collapsed).map(({ entry, depth }) => ({
    key: entry.id,
    entry,
    depth,
    top: -1,
  }));
}

export function windowRows(w: EntryWindow, collapsed: (c: ToolCallEntry) => boolean): Row[] {
  const rows: Row[] = [];
  for (let top = 0; top < w.total; top++) {
    const e = w.at(top);
    if (e === undefined) {
      rows.push({ key: `t:${top}`, entry: null, depth: 0, top });
      continue;
    }
    flattenEntries([e], collapsed).forEach(({ entry, depth }, k) =>
      rows.push({ key: k === 0 ? `t:${top}` : entry.id, entry, depth, top }),
    );
  }
  return rows;
}
