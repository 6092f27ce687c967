// The Conversation tab: the log's entries flattened into a virtualised, follow-tail list.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { flattenEntries, type ConversationEntry } from '../../../src/conversation/index.js';
import { VirtualList } from '../virtual/virtual-list.js';
import { EntryRow } from './entry-row.js';
import type { LogModel } from './log-model.js';
import { JumpToLatest } from './jump-to-latest.js';

export function ConversationView({ log, running }: { log: LogModel; running: boolean }) {
  const [collapsedGroups, setCollapsedGroups] = useState<ReadonlySet<string>>(() => new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [follow, setFollow] = useState(true);
  const structure = log.structureVersion;
  // Re-flatten only when entries were added or a group was folded; text updates reuse the rows.
  const rows = useMemo(() => flattenEntries(log.entries(), (c) => collapsedGroups.has(c.id)), [log, structure, collapsedGroups]);

  const onToggle = useCallback((id: string) => setExpanded((s) => toggled(s, id)), []);
  const onToggleGroup = useCallback((id: string) => setCollapsedGroups((s) => toggled(s, id)), []);
  const itemKey = useCallback((i: number) => rows[i]!.entry.id, [rows]);
  const estimate = useCallback((i: number) => estimateHeight(rows[i]!.entry, expanded.has(rows[i]!.entry.id)), [rows, expanded]);
  const renderItem = (i: number) => {
    const { entry, depth } = rows[i]!;
    return (
      <EntryRow
        entry={entry}
        seq={entry.seq}
        depth={depth}
        expanded={expanded.has(entry.id)}
        groupCollapsed={collapsedGroups.has(entry.id)}
        running={running}
        onToggle={onToggle}
        onToggleGroup={onToggleGroup}
      />
    );
  };

  const ready = log.loaded;
  // The rows of the loaded history are in the DOM (a timing mark the end-to-end test reads).
  useLayoutEffect(() => {
    if (ready) performance.mark('tf:log:rendered');
  }, [ready]);
  useEffect(() => {
    if (!ready) return;
    document.body.dataset.conversationReady = '1';
    return () => {
      delete document.body.dataset.conversationReady;
    };
  }, [ready]);

  return (
    <div className="conversation" data-testid="conversation" data-ready={ready ? '1' : undefined} data-entries={rows.length}>
      {log.error !== null && <div className="error-box">Could not load the history: {log.error}</div>}
      {!ready && log.error === null && <div className="empty">Loading history…</div>}
      {ready && rows.length === 0 && <div className="empty">{running ? 'Waiting for output…' : 'No output.'}</div>}
      {ready && rows.length > 0 && (
        <VirtualList count={rows.length} itemKey={itemKey} renderItem={renderItem} estimateHeight={estimate} follow={follow} onFollowChange={setFollow} className="conversation-list" />
      )}
      {!follow && <JumpToLatest onClick={() => setFollow(true)} />}
    </div>
  );
}

function toggled(s: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(s);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** A first guess before a row is measured: close enough that scrolling does not jump much. */
function estimateHeight(e: ConversationEntry, expanded: boolean): number {
  switch (e.kind) {
    case 'assistant-text':
      return 28 + Math.ceil(e.text.length / 90) * 22 + (e.text.split('\n', 40).length - 1) * 10;
    case 'user':
      return 56 + Math.min(40, Math.ceil(e.text.length / 90)) * 20;
    case 'tool-call':
      return expanded ? 260 : e.result !== undefined ? 58 : 38;
    case 'thinking':
      return expanded ? 40 + Math.ceil(e.text.length / 90) * 20 : 36;
    case 'result':
      return 120;
    case 'raw':
      return 22;
    default:
      return 28;
  }
}
