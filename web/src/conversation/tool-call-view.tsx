// A tool call: one-line header (status, name, summary), result preview; expands to input and full result.
import { firstLine, isSubAgentCall, toolSummary, type ToolCallEntry } from 'tokenfold/conversation';
import { CollapsibleText } from './collapsible-text.js';

export interface ToolCallViewProps {
  entry: ToolCallEntry;
  expanded: boolean;
  onToggle: (id: string) => void;
  groupCollapsed: boolean;
  onToggleGroup: (id: string) => void;
  /** The execution is still running (a call without result is in progress, not abandoned). */
  running: boolean;
}

export function ToolCallView({
  entry,
  expanded,
  onToggle,
  groupCollapsed,
  onToggleGroup,
  running,
}: ToolCallViewProps) {
  const summary = toolSummary(entry.name, entry.input);
  const sub = isSubAgentCall(entry);
  const state = entry.status === 'running' ? (running ? 'running' : 'abandoned') : entry.status;
  return (
    <div
      className={`tool tool-${state}${sub ? ' tool-sub' : ''}`}
      data-testid="tool-call"
      data-tool={entry.name}
      data-status={entry.status}
    >
      <div className="tool-head">
        <button
          type="button"
          className="tool-toggle"
          aria-expanded={expanded}
          onClick={() => onToggle(entry.id)}
        >
          <span className="tool-icon" aria-hidden>
            {state === 'running' ? (
              <span className="spinner" />
            ) : state === 'error' ? (
              '✗'
            ) : state === 'done' ? (
              '✓'
            ) : (
              '–'
            )}
          </span>
          <span className="tool-chevron" aria-hidden>
            {expanded ? '▾' : '▸'}
          </span>
          <span className="tool-name">{entry.name}</span>
          <span className="tool-summary">{summary}</span>
        </button>
        {sub && (
          <button
            type="button"
            className="chip"
            onClick={() => onToggleGroup(entry.id)}
            aria-expanded={!groupCollapsed}
          >
            {groupCollapsed ? '▸' : '▾'} {entry.children.length} step{entry.children.length === 1 ? '' : 's'}
          </button>
        )}
      </div>
      {!expanded && entry.result !== undefined && (
        <div className={`tool-preview${entry.result.isError ? ' is-error' : ''}`}>
          ↳ {firstLine(entry.result.text.trim(), 240) || '(no output)'}
        </div>
      )}
      {expanded && (
        <div className="tool-body">
          <div className="tool-section-title">Input</div>
          <CollapsibleText text={inputText(entry)} maxLines={20} className="tool-input" />
          {entry.result !== undefined && (
            <>
              <div className="tool-section-title">{entry.result.isError ? 'Error' : 'Result'}</div>
              <CollapsibleText
                text={entry.result.text || '(no output)'}
                maxLines={20}
                className={entry.result.isError ? 'tool-result is-error' : 'tool-result'}
              />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function inputText(e: ToolCallEntry): string {
  const input = e.input as Record<string, unknown> | null;
  if (e.name === 'Bash' && input !== null && typeof input === 'object' && typeof input.command === 'string')
    return input.command;
  if (input !== null && typeof input === 'object' && Object.keys(input).length > 0)
    return JSON.stringify(input, null, 2);
  return e.inputText;
}
