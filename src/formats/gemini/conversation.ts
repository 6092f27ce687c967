// Gemini CLI stream-json lines → conversation entries. Assistant text arrives as `message` chunks
// (`delta: true`) appended to one entry until another event; tool results attach to their `tool_use`.
import { num, str } from '../../conversation/content-text.js';
import { TextRun, type Dialect } from '../../conversation/dialect.js';
import type { EntryStore } from '../../conversation/entry-store.js';
import { brief } from '../../conversation/system-text.js';
import type { Json, ToolCallEntry } from '../../conversation/types.js';

export class GeminiDialect implements Dialect {
  readonly #store: EntryStore;
  readonly #text: TextRun;

  constructor(store: EntryStore) {
    this.#store = store;
    this.#text = new TextRun(store);
  }

  object(o: Json, seq: number): boolean {
    const type = o.type;
    if (typeof type !== 'string') return false;
    const content = typeof o.content === 'string' ? o.content : '';
    if (type === 'message' && o.role === 'assistant') {
      if (o.delta === true) this.#text.append('assistant-text', content, null, seq);
      else {
        this.#text.close();
        this.#store.add({
          kind: 'assistant-text',
          id: `e${seq}`,
          parent: null,
          seq,
          text: content,
          streaming: false,
        });
      }
      return true;
    }
    this.#text.close();
    switch (type) {
      case 'init':
        this.#system(
          'init',
          `Session started · ${[str(o.model), str(o.session_id)].filter(Boolean).join(' · ')}`,
          seq,
        );
        break;
      case 'message':
        this.#store.add({
          kind: 'user',
          id: `e${seq}`,
          parent: null,
          seq,
          text: content.replace(/\n+$/, ''),
        });
        break;
      case 'tool_use': {
        const input = o.parameters ?? null;
        const id = str(o.tool_id) ?? `tool-${seq}`;
        const call: ToolCallEntry = {
          kind: 'tool-call',
          id,
          parent: null,
          seq,
          name: str(o.tool_name) ?? 'tool',
          input,
          inputText: input === null ? '' : JSON.stringify(input),
          status: 'running',
          children: [],
        };
        this.#store.add(call);
        break;
      }
      case 'tool_result':
        this.#toolResult(o, seq);
        break;
      case 'error': {
        const text = str(o.message) ?? JSON.stringify(o);
        if (o.severity === 'warning') this.#system('warning', `Warning: ${text}`, seq);
        else this.#store.add({ kind: 'error', id: `e${seq}`, parent: null, seq, text });
        break;
      }
      case 'result':
        this.#result(o, seq);
        break;
      default:
        this.#system(type, `${type}${brief(o, 200)}`, seq);
    }
    return true;
  }

  finish(): void {
    this.#text.close();
  }

  #toolResult(o: Json, seq: number): void {
    const id = str(o.tool_id) ?? `tool-${seq}`;
    let call = this.#store.tool(id);
    if (call === undefined) {
      call = {
        kind: 'tool-call',
        id,
        parent: null,
        seq,
        name: 'unknown',
        input: null,
        inputText: '',
        status: 'running',
        children: [],
      };
      this.#store.add(call);
    }
    const err = (o.error ?? null) as Json | null;
    const isError = o.status === 'error' || err !== null;
    const output = str(o.output) ?? '';
    call.result = {
      text: isError && err !== null ? [str(err.message), output].filter(Boolean).join('\n') : output,
      isError,
    };
    call.status = isError ? 'error' : 'done';
    call.seq = seq;
  }

  #result(o: Json, seq: number): void {
    const s = (o.stats ?? {}) as Json;
    const err = (o.error ?? null) as Json | null;
    const isError = o.status !== 'success';
    this.#store.add({
      kind: 'result',
      id: `e${seq}`,
      parent: null,
      seq,
      isError,
      subtype: str(o.status) ?? '',
      durationMs: num(s.duration_ms),
      numTurns: null,
      costUsd: null,
      usage: {
        inputTokens: num(s.input_tokens) ?? num(s.input) ?? 0,
        outputTokens: num(s.output_tokens) ?? 0,
        cacheReadInputTokens: num(s.cached) ?? 0,
        cacheCreationInputTokens: 0,
      },
      text: err !== null ? (str(err.message) ?? JSON.stringify(err)) : `${num(s.tool_calls) ?? 0} tool calls`,
    });
  }

  #system(subtype: string, text: string, seq: number): void {
    this.#store.add({ kind: 'system', id: `e${seq}`, parent: null, seq, subtype, text });
  }
}
