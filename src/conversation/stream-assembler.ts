// Applies stream_event lines (partial messages): opens an entry per content block and appends deltas in place.
import { str } from './content-text.js';
import type { EntryStore } from './entry-store.js';
import { attachResult, isToolUseBlock } from './tool-results.js';
import type { AssistantTextEntry, Json, ThinkingEntry, ToolCallEntry } from './types.js';

type Streamed = AssistantTextEntry | ThinkingEntry | ToolCallEntry;

interface OpenMessage {
  id: string;
  blocks: Map<number, Streamed>;
}

export class StreamAssembler {
  readonly #store: EntryStore;
  /** The message being streamed, per agent (parent_tool_use_id, '' for the main agent). */
  readonly #open = new Map<string, OpenMessage>();

  constructor(store: EntryStore) {
    this.#store = store;
  }

  apply(event: Json, parent: string | null, seq: number): void {
    switch (event.type) {
      case 'content_block_delta': {
        const d = event.delta as Json | null | undefined;
        if (d === null || typeof d !== 'object') return;
        const payload =
          d.type === 'text_delta' ? d.text : d.type === 'thinking_delta' ? d.thinking : d.partial_json;
        return this.delta(event.index as number, parent, d.type, payload, seq);
      }
      case 'content_block_start':
        return this.#start(event, parent, seq);
      case 'content_block_stop': {
        const m = this.#open.get(parent ?? '');
        const e = m?.blocks.get(event.index as number);
        if (m === undefined || e === undefined) return;
        finishBlock(e, seq);
        m.blocks.delete(event.index as number);
        return;
      }
      case 'message_start': {
        this.#close(parent ?? '', seq);
        const message = (event.message ?? {}) as Json;
        this.#open.set(parent ?? '', { id: str(message.id) ?? `stream-${seq}`, blocks: new Map() });
        return;
      }
      case 'message_stop':
        return this.#close(parent ?? '', seq);
    }
  }

  /** Finishes every open block (a result line, or the end of the execution). */
  closeAll(seq: number): void {
    for (const key of [...this.#open.keys()]) this.#close(key, seq);
  }

  // Hot path: one call per token. Appends to the open entry; no allocation beyond the string append.
  delta(index: number, parent: string | null, deltaType: unknown, payload: unknown, seq: number): void {
    const e = this.#open.get(parent ?? '')?.blocks.get(index);
    if (e === undefined || typeof payload !== 'string') return;
    if (deltaType === 'text_delta') {
      if (e.kind !== 'assistant-text') return;
      e.text += payload;
    } else if (deltaType === 'thinking_delta') {
      if (e.kind !== 'thinking') return;
      e.text += payload;
    } else if (deltaType === 'input_json_delta') {
      if (e.kind !== 'tool-call') return;
      e.inputText += payload;
    } else {
      return; // signature_delta, citations_delta: nothing to show
    }
    e.seq = seq;
  }

  #start(event: Json, parent: string | null, seq: number): void {
    const key = parent ?? '';
    let m = this.#open.get(key);
    if (m === undefined) {
      // History that starts mid-message (no message_start): still show the block.
      m = { id: `stream-${seq}`, blocks: new Map() };
      this.#open.set(key, m);
    }
    const b = (event.content_block ?? {}) as Json;
    const index = event.index as number;
    const id = `e${seq}`;
    let entry: Streamed;
    if (b.type === 'text') {
      entry = { kind: 'assistant-text', id, parent, seq, text: str(b.text) ?? '', streaming: true };
    } else if (b.type === 'thinking' || b.type === 'redacted_thinking') {
      entry = { kind: 'thinking', id, parent, seq, text: str(b.thinking) ?? '', streaming: true };
    } else if (isToolUseBlock(b.type)) {
      const toolId = str(b.id) ?? id;
      const known = this.#store.tool(toolId);
      if (known !== undefined) {
        m.blocks.set(index, known);
        return;
      }
      entry = {
        kind: 'tool-call',
        id: toolId,
        parent,
        seq,
        name: str(b.name) ?? '?',
        input: b.input ?? {},
        inputText: '',
        status: 'running',
        children: [],
      };
    } else {
      if (typeof b.tool_use_id === 'string')
        attachResult(this.#store, b.tool_use_id, b.content, b.is_error === true, parent, seq);
      return;
    }
    this.#store.add(entry, m.id);
    m.blocks.set(index, entry);
  }

  #close(key: string, seq: number): void {
    const m = this.#open.get(key);
    if (m === undefined) return;
    for (const e of m.blocks.values()) finishBlock(e, seq);
    this.#open.delete(key);
  }
}

function finishBlock(e: Streamed, seq: number): void {
  if (e.kind === 'tool-call') {
    if (e.inputText !== '') {
      try {
        e.input = JSON.parse(e.inputText);
      } catch {
        // Truncated input (the run was cut off): keep the text, input stays as last known.
      }
    }
  } else {
    if (!e.streaming) return;
    e.streaming = false;
  }
  e.seq = seq;
}
