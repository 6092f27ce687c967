// Applies complete `assistant` and `user` lines; an assistant block already streamed is recognised, not repeated.
import { contentText, str } from './content-text.js';
import type { EntryStore } from './entry-store.js';
import { attachResult, isToolUseBlock } from './tool-results.js';
import type { ConversationEntry, Json } from './types.js';

export function applyAssistant(store: EntryStore, o: Json, parent: string | null, seq: number): void {
  const message = (o.message ?? {}) as Json;
  const messageId = str(message.id) ?? `line-${seq}`;
  const content =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  if (!Array.isArray(content)) return;
  if (typeof o.error === 'string') {
    // A synthetic message carrying an API error (e.g. authentication_failed): show it as an error.
    const text = contentText(content) || o.error;
    store.add({ kind: 'error', id: `e${seq}`, parent, seq, text }, messageId);
    return;
  }
  for (let k = 0; k < content.length; k++) {
    const b = content[k] as Json | null;
    if (b === null || typeof b !== 'object') continue;
    const id = k === 0 ? `e${seq}` : `e${seq}.${k}`;
    if (b.type === 'text' || b.type === 'thinking' || b.type === 'redacted_thinking') {
      const kind = b.type === 'text' ? 'assistant-text' : 'thinking';
      const text = (b.type === 'text' ? str(b.text) : str(b.thinking)) ?? '';
      if (kind === 'thinking' && text === '') continue; // redacted or display-omitted thinking: nothing to show
      const seen = matchBlock(store.message(messageId), kind, text);
      if (seen === 'same') continue;
      if (seen !== undefined) {
        // The complete block is authoritative: replace what streaming assembled if it differs.
        seen.text = text;
        seen.seq = seq;
        continue;
      }
      store.add({ kind, id, parent, seq, text, streaming: false }, messageId);
    } else if (isToolUseBlock(b.type)) {
      const toolId = str(b.id) ?? id;
      const known = store.tool(toolId);
      const inputText = JSON.stringify(b.input ?? {});
      if (known !== undefined) {
        known.input = b.input ?? known.input;
        if (known.inputText === '') known.inputText = inputText;
        known.seq = seq;
        continue;
      }
      store.add(
        {
          kind: 'tool-call',
          id: toolId,
          parent,
          seq,
          name: str(b.name) ?? '?',
          input: b.input ?? {},
          inputText,
          status: 'running',
          children: [],
        },
        messageId,
      );
    } else if (typeof b.tool_use_id === 'string') {
      attachResult(store, b.tool_use_id, b.content, b.is_error === true, parent, seq);
    }
  }
}

type TextLike = Extract<ConversationEntry, { kind: 'assistant-text' | 'thinking' }>;

/** 'same' when an equal block exists; else a still-streaming block of that kind to complete; else undefined. */
function matchBlock(
  list: readonly ConversationEntry[] | undefined,
  kind: 'assistant-text' | 'thinking',
  text: string,
): 'same' | TextLike | undefined {
  if (list === undefined) return undefined;
  let open: TextLike | undefined;
  for (const e of list) {
    if (e.kind !== kind) continue;
    if (e.text === text) return 'same';
    if (e.streaming && open === undefined) open = e;
  }
  return open;
}

export function applyUser(store: EntryStore, o: Json, parent: string | null, seq: number): void {
  const message = (o.message ?? {}) as Json;
  const content = message.content;
  if (typeof content === 'string') {
    store.add({ kind: 'user', id: `e${seq}`, parent, seq, text: content });
    return;
  }
  if (!Array.isArray(content)) return;
  let text: string | null = null;
  for (const part of content as unknown[]) {
    if (part === null || typeof part !== 'object') continue;
    const b = part as Json;
    if (b.type === 'tool_result' && typeof b.tool_use_id === 'string') {
      attachResult(store, b.tool_use_id, b.content, b.is_error === true, parent, seq);
    } else {
      const piece = contentText([b]);
      if (piece !== '') text = text === null ? piece : `${text}\n\n${piece}`;
    }
  }
  if (text !== null) store.add({ kind: 'user', id: `e${seq}`, parent, seq, text });
}
