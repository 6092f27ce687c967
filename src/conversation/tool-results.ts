// Attaches tool results to their tool call by tool_use_id.
import { contentText } from './content-text.js';
import type { EntryStore } from './entry-store.js';
import type { ToolCallEntry } from './types.js';

const TOOL_USE_TYPES = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);

export const isToolUseBlock = (type: unknown): boolean =>
  typeof type === 'string' && TOOL_USE_TYPES.has(type);

/** Attaches a result; a result whose call was never seen gets a placeholder call so it is not lost. */
export function attachResult(
  store: EntryStore,
  toolUseId: string,
  content: unknown,
  isError: boolean,
  parent: string | null,
  seq: number,
): void {
  let call = store.tool(toolUseId);
  if (call === undefined) {
    const placeholder: ToolCallEntry = {
      kind: 'tool-call',
      id: toolUseId,
      parent,
      seq,
      name: 'unknown',
      input: null,
      inputText: '',
      status: 'running',
      children: [],
    };
    store.add(placeholder);
    call = placeholder;
  }
  call.result = { text: contentText(content), isError };
  call.status = isError ? 'error' : 'done';
  call.seq = seq;
}
