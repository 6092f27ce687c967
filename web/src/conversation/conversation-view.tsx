// The Conversation tab: the log's entries flattened into a virtualised, follow-tail list; a finished run's
// entries load as they come into view, and a find bar searches the whole run on the server.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationEntry } from 'tokenfold/conversation';
import { downloadUrl } from '../lib/api.js';
import { VirtualList } from '../virtual/virtual-list.js';
import { EntryRow } from './entry-row.js';
import { BLOCKS_PER_FRAME, canShowMore, CUT_AT, type MoreText } from './entry-more.js';
import type { LogModel } from './log-model.js';
import { FindBar, highlightText, type Hit } from './find-bar.js';
import { JumpToLatest } from './jump-to-latest.js';
import { liveRows, windowRows, type Row } from './rows.js';

/** Height guessed for an entry not loaded yet (the scroll bar spans the whole run). */
const PLACEHOLDER_HEIGHT = 60;

export function ConversationView({ log, running }: { log: LogModel; running: boolean }) {
  const [collapsedGroups, setCollapsedGroups] = useState<ReadonlySet<string>>(() => new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [follow, setFollow] = useState(true);
  const [target, setTarget] = useState<{ key: string; top: number; query: string; nonce: number } | null>(
    null,
  );
  const listRef = useRef<HTMLDivElement>(null);
  const structure = log.structureVersion;
  const win = log.window;
  // Re-flatten only when entries were added or a group was folded; text updates reuse the rows.
  const rows = useMemo(() => {
    const collapsed = (c: { id: string }) => collapsedGroups.has(c.id);
    return win !== null ? windowRows(win, collapsed) : liveRows(log.entries(), collapsed);
  }, [log, win, structure, collapsedGroups]);

  const onToggle = useCallback((id: string) => setExpanded((s) => toggled(s, id)), []);
  const onToggleGroup = useCallback((id: string) => setCollapsedGroups((s) => toggled(s, id)), []);
  const itemKey = useCallback((i: number) => rows[i]!.key, [rows]);
  const estimate = useCallback(
    (i: number) => {
      const e = rows[i]!.entry;
      return e === null ? PLACEHOLDER_HEIGHT : estimateHeight(e, expanded.has(e.id));
    },
    [rows, expanded],
  );
  const renderItem = (i: number) => {
    const { entry, depth, top } = rows[i]!;
    if (entry === null) return <Placeholder top={top} log={log} />;
    const hit = hitKey === rows[i]!.key;
    return (
      <div className={hit ? 'find-hit' : undefined} data-testid={hit ? 'find-hit' : undefined} data-top={top}>
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
        {entry.truncated === true && depth === 0 && (
          <Truncated id={log.id} more={win?.more(top)} onMore={() => void win?.showMore(top, CUT_AT)} />
        )}
      </div>
    );
  };

  const jump = useCallback((key: string, top: number, query: string) => {
    setFollow(false);
    setTarget((t) => ({ key, top, query, nonce: (t?.nonce ?? 0) + 1 }));
  }, []);
  const onHit = useCallback(
    (hit: Hit | null, query: string) => {
      if (hit === null) return setTarget(null);
      if (win !== null) void win.ensure(hit.index, 'center');
      jump(win !== null ? `t:${hit.index}` : hit.id, win !== null ? hit.index : -1, query);
    },
    [win, jump],
  );
  const scrollTo = useMemo(() => {
    if (target === null) return undefined;
    const index = hitRow(rows, target);
    return index === -1 ? undefined : { index, nonce: target.nonce };
  }, [rows, target]);
  const hitKey = scrollTo === undefined ? null : rows[scrollTo.index]!.key;
  // A hit in a folded thought or tool call: unfolded, so that the text found is on screen.
  const hitEntry = scrollTo === undefined ? null : rows[scrollTo.index]!.entry;
  useEffect(() => {
    if (hitEntry === null || (hitEntry.kind !== 'thinking' && hitEntry.kind !== 'tool-call')) return;
    setExpanded((s) => (s.has(hitEntry.id) ? s : toggled(s, hitEntry.id)));
  }, [hitEntry]);
  // The query marked in whatever rows are drawn.
  useEffect(() => highlightText(listRef.current, target?.query ?? ''));

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
    <div
      className="conversation"
      data-testid="conversation"
      data-ready={ready ? '1' : undefined}
      data-entries={rows.length}
      data-total={win?.total}
    >
      {ready && (
        <div className="conversation-tools">
          <FindBar id={log.id} onHit={onHit} />
          {rows.length > 0 && (
            <button
              type="button"
              className="link-btn"
              data-testid="jump-to-start"
              onClick={() => jump(rows[0]!.key, win !== null ? 0 : -1, target?.query ?? '')}
            >
              ↑ Start
            </button>
          )}
        </div>
      )}
      {log.error !== null && <div className="error-box">Could not load the history: {log.error}</div>}
      {!ready && log.error === null && <div className="empty">Loading history…</div>}
      {ready && rows.length === 0 && (
        <div className="empty">{running ? 'Waiting for output…' : 'No output.'}</div>
      )}
      {ready && rows.length > 0 && (
        <div ref={listRef} className="conversation-body">
          <VirtualList
            count={rows.length}
            itemKey={itemKey}
            renderItem={renderItem}
            estimateHeight={estimate}
            follow={follow}
            onFollowChange={setFollow}
            scrollTo={scrollTo}
            className="conversation-list"
          />
        </div>
      )}
      {!follow && <JumpToLatest onClick={() => setFollow(true)} />}
    </div>
  );
}

/** An entry not loaded yet: asks for its page when drawn. */
function Placeholder({ top, log }: { top: number; log: LogModel }) {
  useEffect(() => void log.window?.ensure(top), [top, log]);
  return (
    <div className="entry-placeholder" data-testid="entry-placeholder" style={{ height: PLACEHOLDER_HEIGHT }}>
      …
    </div>
  );
}

/** The note under a cut entry: "Show all" reveals the rest piece by piece, up to MAX_DRAWN; the download has it all. */
function Truncated({ id, more, onMore }: { id: string; more: MoreText | undefined; onMore: () => void }) {
  const download = (
    <a href={downloadUrl(id, 'raw')} download>
      Download raw output
    </a>
  );
  if (more === undefined || more.length === null)
    return (
      <div className="truncated-note" data-testid="truncated">
        Cut at {CUT_AT / 1024} KB for the page.{' '}
        <button
          type="button"
          className="link-btn"
          onClick={onMore}
          disabled={more?.loading}
          data-testid="show-all"
        >
          Show all
        </button>{' '}
        · {download}
      </div>
    );
  return (
    <>
      <MoreBlocks blocks={more.blocks} />
      <div
        className="truncated-note"
        data-testid="truncated"
        data-shown={more.next}
        data-length={more.length}
      >
        {more.next >= more.length ? (
          <>Whole text shown ({sizeOf(more.length)}).</>
        ) : canShowMore(more) ? (
          <>
            {sizeOf(more.next)} of {sizeOf(more.length)} shown.{' '}
            <button
              type="button"
              className="link-btn"
              onClick={onMore}
              disabled={more.loading}
              data-testid="show-more"
            >
              Show more
            </button>
          </>
        ) : (
          <span data-testid="show-capped">
            {sizeOf(more.next)} of {sizeOf(more.length)} shown: the page draws no more, the rest is in the
            download.
          </span>
        )}{' '}
        · {download}
      </div>
    </>
  );
}

/**
 * The revealed text in short blocks, mounted a few per animation frame (a new piece, or the row drawn again after
 * scrolling away): each frame lays out a bounded amount of text, so the page never freezes.
 */
const MoreBlocks = memo(function MoreBlocks({ blocks }: { blocks: readonly string[] }) {
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (drawn >= blocks.length) return;
    const f = requestAnimationFrame(() => setDrawn((d) => Math.min(blocks.length, d + BLOCKS_PER_FRAME)));
    return () => cancelAnimationFrame(f);
  }, [drawn, blocks.length]);
  const n = Math.min(drawn, blocks.length);
  return (
    <div className="more-text" data-testid="more-text" data-blocks={blocks.length} data-drawn={n}>
      {blocks.slice(0, n).map((b, k) => (
        <div key={k}>{b}</div>
      ))}
    </div>
  );
});

const sizeOf = (chars: number) =>
  chars >= 1024 * 1024
    ? `${(chars / 1024 / 1024).toFixed(1)} M characters`
    : `${Math.round(chars / 1024)} K characters`;

/**
 * The row a find hit lands on: a server hit names a top-level entry, and when the text is in one of its nested rows
 * (a sub-agent's steps) the first of those that holds it, once loaded.
 */
function hitRow(rows: readonly Row[], t: { key: string; top: number; query: string }): number {
  const at = rows.findIndex((r) => r.key === t.key);
  if (t.top === -1 || at === -1) return at;
  const needle = t.query.toLowerCase();
  for (let i = at; i < rows.length && rows[i]!.top === t.top; i++)
    if (rows[i]!.entry !== null && entryHolds(rows[i]!.entry!, needle)) return i;
  return at;
}

/** Whether the entry's own texts (not its children's) hold `needle` (lower case), as the server's search reads them. */
function entryHolds(e: ConversationEntry, needle: string): boolean {
  if ('text' in e && e.text.toLowerCase().includes(needle)) return true;
  if (e.kind !== 'tool-call') return false;
  return (
    e.name.toLowerCase().includes(needle) ||
    e.inputText.toLowerCase().includes(needle) ||
    (e.result?.text.toLowerCase().includes(needle) ?? false)
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
