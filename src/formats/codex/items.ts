// Codex items (`exec --json` snake_case, `app-server` camelCase) read into one shape for the conversation.
import { num, str } from '../../conversation/content-text.js';
import type { Json, Usage } from '../../conversation/types.js';

export interface CodexItem {
  id: string;
  /** snake_case: agent_message, reasoning, command_execution, file_change, mcp_tool_call, web_search, todo_list, error, user_message… */
  type: string;
  text: string;
  status: string;
  raw: Json;
}

const SNAKE: Record<string, string> = {
  agentMessage: 'agent_message',
  commandExecution: 'command_execution',
  fileChange: 'file_change',
  mcpToolCall: 'mcp_tool_call',
  webSearch: 'web_search',
  todoList: 'todo_list',
  userMessage: 'user_message',
};

export function readItem(v: unknown, fallbackId: string): CodexItem | null {
  if (v === null || typeof v !== 'object') return null;
  const o = v as Json;
  const type = str(o.type) ?? 'unknown';
  return {
    id: str(o.id) ?? fallbackId,
    type: SNAKE[type] ?? type,
    text: itemText(o),
    status: str(o.status) ?? '',
    raw: o,
  };
}

/** The item's prose: its text, a reasoning item's summary or content, a user message's text parts. */
function itemText(o: Json): string {
  if (typeof o.text === 'string') return o.text;
  if (typeof o.message === 'string') return o.message;
  const parts =
    Array.isArray(o.summary) && o.summary.length > 0 ? o.summary : Array.isArray(o.content) ? o.content : [];
  return parts
    .map((p) =>
      typeof p === 'string' ? p : p !== null && typeof p === 'object' ? (str((p as Json).text) ?? '') : '',
    )
    .join('\n\n');
}

export const commandOf = (o: Json): string =>
  Array.isArray(o.command) ? o.command.map(String).join(' ') : (str(o.command) ?? '');
export const outputOf = (o: Json): string => str(o.aggregated_output) ?? str(o.aggregatedOutput) ?? '';
export const exitCodeOf = (o: Json): number | null => num(o.exit_code) ?? num(o.exitCode);

/** A file_change's paths with their kind, and any diffs. */
export function changesText(o: Json): { paths: string[]; text: string } {
  const list: Json[] = Array.isArray(o.changes)
    ? (o.changes as Json[])
    : o.changes !== null && typeof o.changes === 'object'
      ? Object.entries(o.changes as Json).map(([path, c]): Json => ({ path, ...(c as Json) }))
      : [];
  const paths: string[] = [];
  const lines: string[] = [];
  for (const c of list) {
    const path = str(c.path) ?? '?';
    paths.push(path);
    const kind =
      typeof c.kind === 'string'
        ? c.kind
        : c.kind !== null && typeof c.kind === 'object'
          ? (str((c.kind as Json).type) ?? '')
          : (Object.keys(c).find((k) => k !== 'path') ?? '');
    lines.push(`${kind} ${path}`.trim());
    const diff = str(c.diff) ?? str(c.unified_diff);
    if (diff !== undefined && diff !== '') lines.push(diff);
  }
  return { paths, text: lines.join('\n') };
}

/** Todo items as Claude Code's TodoWrite input (`todos: [{content, status}]`), so every page shows them alike. */
export function todosOf(items: unknown): { todos: { content: string; status: string }[] } {
  const list = Array.isArray(items) ? (items as Json[]) : [];
  return {
    todos: list.map((t) => ({
      content: str(t.text) ?? str(t.step) ?? '',
      status:
        t.completed === true || t.status === 'completed'
          ? 'completed'
          : t.status === 'inProgress' || t.status === 'in_progress'
            ? 'in_progress'
            : 'pending',
    })),
  };
}

export function usageOf(u: Json): Usage {
  return {
    inputTokens: num(u.input_tokens) ?? 0,
    outputTokens: num(u.output_tokens) ?? 0,
    cacheReadInputTokens: num(u.cached_input_tokens) ?? 0,
    cacheCreationInputTokens: num(u.cache_write_input_tokens) ?? 0,
  };
}

/** An error's message; Codex often nests the API's JSON error in it: its innermost message, readable. */
export function errorText(v: unknown): string {
  let text =
    typeof v === 'string'
      ? v
      : v !== null && typeof v === 'object'
        ? (str((v as Json).message) ?? JSON.stringify(v))
        : String(v);
  for (let i = 0; i < 3 && text.startsWith('{'); i++) {
    try {
      const inner = JSON.parse(text) as Json;
      const m = str(((inner.error ?? {}) as Json).message) ?? str(inner.message);
      if (m === undefined) break;
      text = m;
    } catch {
      break;
    }
  }
  return text;
}
