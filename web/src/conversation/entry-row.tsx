// One conversation row: renders an entry by kind; memoised on the entry's seq (entries are updated in place).
import { memo } from 'react';
import {
  formatCost,
  formatCount,
  formatDuration,
  type ConversationEntry,
  type ResultEntry,
} from 'tokenfold/conversation';
import { AnsiText } from '../components/ansi-text.js';
import { MarkdownView } from '../components/markdown-view.js';
import { CollapsibleText } from './collapsible-text.js';
import { ToolCallView } from './tool-call-view.js';

export interface EntryRowProps {
  entry: ConversationEntry;
  /** The entry's seq when rendered: a changed seq means the entry changed. */
  seq: number;
  depth: number;
  expanded: boolean;
  groupCollapsed: boolean;
  running: boolean;
  onToggle: (id: string) => void;
  onToggleGroup: (id: string) => void;
}

export const EntryRow = memo(function EntryRow(p: EntryRowProps) {
  return (
    <div
      className={`row row-${p.entry.kind}${p.depth > 0 ? ' nested' : ''}`}
      style={p.depth > 0 ? { marginLeft: p.depth * 20 } : undefined}
    >
      <EntryBody {...p} />
    </div>
  );
});

function EntryBody({ entry, expanded, groupCollapsed, running, onToggle, onToggleGroup }: EntryRowProps) {
  switch (entry.kind) {
    case 'user':
      return (
        <div className="msg msg-user" data-testid="user-message">
          <div className="role">{entry.parent === null ? 'You' : 'Task prompt'}</div>
          <CollapsibleText text={entry.text} maxLines={entry.parent === null ? 40 : 8} />
        </div>
      );
    case 'assistant-text':
      return (
        <div className={`msg msg-assistant${entry.streaming && running ? ' streaming' : ''}`}>
          <MarkdownView text={entry.text} testId="assistant-text" />
        </div>
      );
    case 'thinking': {
      const live = entry.streaming && running;
      return (
        <div className="thinking" data-testid="thinking">
          <button
            type="button"
            className="thinking-head"
            aria-expanded={expanded}
            onClick={() => onToggle(entry.id)}
          >
            <span aria-hidden>{expanded ? '▾' : '▸'}</span> {live ? 'Thinking…' : 'Thought'}
            {!expanded && entry.text !== '' && (
              <span className="thinking-preview">{entry.text.slice(0, 160).replace(/\s+/g, ' ')}</span>
            )}
          </button>
          {expanded && <div className="thinking-body pre">{entry.text || '(hidden)'}</div>}
        </div>
      );
    }
    case 'tool-call':
      return (
        <ToolCallView
          entry={entry}
          expanded={expanded}
          onToggle={onToggle}
          groupCollapsed={groupCollapsed}
          onToggleGroup={onToggleGroup}
          running={running}
        />
      );
    case 'system':
      return (
        <div className="sys" data-subtype={entry.subtype}>
          {entry.text}
        </div>
      );
    case 'result':
      return <ResultCard entry={entry} />;
    case 'error':
      return (
        <div className="error-box" role="alert">
          {entry.text}
        </div>
      );
    case 'raw':
      return (
        <div className={`raw-entry${entry.stream === 'stderr' ? ' stderr' : ''}`}>
          <AnsiText text={entry.text} />
        </div>
      );
  }
}

function ResultCard({ entry: e }: { entry: ResultEntry }) {
  const u = e.usage;
  const stats: [string, string][] = [];
  if (e.durationMs !== null) stats.push(['Duration', formatDuration(e.durationMs)]);
  if (e.numTurns !== null) stats.push(['Turns', String(e.numTurns)]);
  if (e.costUsd !== null) stats.push(['Cost', formatCost(e.costUsd)]);
  stats.push([
    'Input tokens',
    formatCount(u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens),
  ]);
  stats.push(['Output tokens', formatCount(u.outputTokens)]);
  if (u.cacheReadInputTokens > 0) stats.push(['Cache read', formatCount(u.cacheReadInputTokens)]);
  return (
    <div className={`result-card${e.isError ? ' is-error' : ''}`} data-testid="result-card">
      <div className="result-title">
        {e.isError
          ? `✗ Failed${e.subtype && e.subtype !== 'success' ? ` (${e.subtype})` : ''}`
          : '✓ Completed'}
      </div>
      <dl className="result-stats">
        {stats.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {e.isError && e.text !== '' && <div className="result-text pre">{e.text}</div>}
    </div>
  );
}
