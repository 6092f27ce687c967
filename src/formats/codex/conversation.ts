// Codex lines → conversation entries, for `exec --json` events, `app-server` notifications and the old
// `{"id","msg"}` envelope alike: items become text, thinking and tool-call entries keyed by item id;
// streamed deltas grow the entry of their item until `item/completed` gives the complete copy.
import { num, str } from '../../conversation/content-text.js';
import type { Dialect } from '../../conversation/dialect.js';
import type { EntryStore } from '../../conversation/entry-store.js';
import { brief } from '../../conversation/system-text.js';
import type {
  AssistantTextEntry,
  ConversationEntry,
  Json,
  ResultEntry,
  ThinkingEntry,
  ToolCallEntry,
  Usage,
} from '../../conversation/types.js';
import {
  changesText,
  commandOf,
  errorText,
  exitCodeOf,
  outputOf,
  readItem,
  todosOf,
  usageOf,
  type CodexItem,
} from './items.js';
import { applyLegacy, type LegacySink } from './legacy.js';

export class CodexDialect implements Dialect, LegacySink {
  readonly store: EntryStore;
  /** Entries by item id (text, thinking or tool call). */
  readonly #items = new Map<string, ConversationEntry>();
  #usage: Usage | null = null;
  /** The old envelope's streamed messages have no id: one per complete copy. */
  legacyTurn = 0;

  constructor(store: EntryStore) {
    this.store = store;
  }

  object(o: Json, seq: number): boolean {
    if (typeof o.type === 'string') return this.#exec(o, seq);
    if (typeof o.method === 'string') return this.#notification(o.method, (o.params ?? {}) as Json, seq);
    if (o.msg !== null && typeof o.msg === 'object') return applyLegacy(this, o.msg as Json, seq);
    if ('error' in o && o.error !== null)
      return (this.error(str((o.error as Json).message) ?? JSON.stringify(o.error), seq), true);
    return 'result' in o; // a JSON-RPC reply to the client's own request: nothing to show
  }

  finish(): void {
    for (const e of this.#items.values())
      if (e.kind === 'assistant-text' || e.kind === 'thinking') e.streaming = false;
  }

  /** `codex exec --json` events. */
  #exec(o: Json, seq: number): boolean {
    switch (o.type) {
      case 'thread.started':
        this.system('thread', `Session started · thread ${str(o.thread_id) ?? ''}`, seq);
        return true;
      case 'turn.started':
        return true; // the turn's entries follow; its end is `turn.completed`
      case 'item.started':
      case 'item.updated':
      case 'item.completed': {
        const item = readItem(o.item, `item-${seq}`);
        if (item !== null) this.item(item, o.type === 'item.completed', seq);
        return true;
      }
      case 'turn.completed':
        this.result(false, 'success', usageOf((o.usage ?? {}) as Json), '', seq);
        return true;
      case 'turn.failed':
        this.result(true, 'failed', this.#usage, errorText(o.error), seq);
        return true;
      case 'error':
        this.error(errorText(o), seq);
        return true;
      default:
        this.system(String(o.type), `${String(o.type)}${brief(o, 200)}`, seq);
        return true;
    }
  }

  /** `codex app-server` JSON-RPC notifications (and requests such as approvals). */
  #notification(method: string, p: Json, seq: number): boolean {
    switch (method) {
      case 'item/agentMessage/delta':
        this.grow('assistant-text', str(p.itemId) ?? '', str(p.delta) ?? '', seq);
        return true;
      case 'item/reasoning/textDelta':
      case 'item/reasoning/summaryTextDelta':
        this.grow('thinking', str(p.itemId) ?? '', str(p.delta) ?? '', seq);
        return true;
      case 'item/commandExecution/outputDelta': {
        const call = this.#items.get(str(p.itemId) ?? '');
        if (call?.kind === 'tool-call') {
          call.result = { text: (call.result?.text ?? '') + (str(p.delta) ?? ''), isError: false };
          call.seq = seq;
        }
        return true;
      }
      case 'item/started':
      case 'item/completed': {
        const item = readItem(p.item, `item-${seq}`);
        if (item !== null) this.item(item, method === 'item/completed', seq);
        return true;
      }
      case 'turn/plan/updated':
        this.#todos(`plan-${str(p.turnId) ?? ''}`, todosOf(p.plan), seq);
        return true;
      case 'thread/tokenUsage/updated': {
        const u = (((p.tokenUsage ?? {}) as Json).last ?? ((p.tokenUsage ?? {}) as Json).total ?? {}) as Json;
        this.#usage = {
          inputTokens: num(u.inputTokens) ?? 0,
          outputTokens: num(u.outputTokens) ?? 0,
          cacheReadInputTokens: num(u.cachedInputTokens) ?? 0,
          cacheCreationInputTokens: 0,
        };
        return true;
      }
      case 'turn/completed': {
        const turn = (p.turn ?? {}) as Json;
        const status = str(turn.status) ?? 'completed';
        this.result(
          status !== 'completed',
          status,
          this.#usage,
          turn.error ? errorText(turn.error) : '',
          seq,
        );
        return true;
      }
      case 'error':
        if (p.willRetry === true) this.system('retry', `Retrying: ${errorText(p.error)}`, seq);
        else this.error(errorText(p.error), seq);
        return true;
      case 'turn/started':
      case 'thread/status/changed':
        return true; // state the entries already show
      default:
        if (method.includes('Delta') || method.endsWith('/delta')) return true; // output of an item shown on completion
        this.system(method, `${method}${brief(p, 200)}`, seq);
        return true;
    }
  }

  grow(kind: 'assistant-text' | 'thinking', itemId: string, delta: string, seq: number): void {
    let e = this.#items.get(itemId);
    if (e === undefined || (e.kind !== 'assistant-text' && e.kind !== 'thinking')) {
      const fresh: AssistantTextEntry | ThinkingEntry = {
        kind,
        id: `e${seq}`,
        parent: null,
        seq,
        text: '',
        streaming: true,
      };
      this.store.add(fresh);
      this.#items.set(itemId, fresh);
      e = fresh;
    }
    e.text += delta;
    e.seq = seq;
  }

  /** An item started, updated or completed: create or update its entry. */
  item(item: CodexItem, done: boolean, seq: number): void {
    const r = item.raw;
    switch (item.type) {
      case 'agent_message':
      case 'reasoning': {
        if (!done && item.text === '') return; // started, text to come in deltas
        const kind = item.type === 'reasoning' ? 'thinking' : 'assistant-text';
        const e = this.#items.get(item.id);
        if (e !== undefined && (e.kind === 'assistant-text' || e.kind === 'thinking')) {
          if (item.text !== '') e.text = item.text; // the complete copy is authoritative
          e.streaming = !done;
          e.seq = seq;
        } else if (item.text !== '')
          this.#add(item.id, { kind, id: `e${seq}`, parent: null, seq, text: item.text, streaming: !done });
        return;
      }
      case 'user_message':
        if (!this.#items.has(item.id))
          this.#add(item.id, { kind: 'user', id: `e${seq}`, parent: null, seq, text: item.text });
        return;
      case 'command_execution': {
        const call = this.#call(item.id, 'Bash', { command: commandOf(r) }, seq);
        if (done || exitCodeOf(r) !== null) {
          const exit = exitCodeOf(r);
          const out = outputOf(r) || (call.result?.text ?? '');
          this.#settle(
            call,
            `${out}${exit === null ? '' : `${out === '' || out.endsWith('\n') ? '' : '\n'}exit code ${exit}`}`,
            item.status === 'failed' || item.status === 'declined' || (exit !== null && exit !== 0),
            seq,
          );
        }
        return;
      }
      case 'file_change': {
        const { paths, text } = changesText(r);
        const call = this.#call(item.id, 'Edit', { file_path: paths.join(', '), changes: r.changes }, seq);
        if (done)
          this.#settle(
            call,
            item.status === 'failed' ? `failed: ${text}` : text,
            item.status === 'failed' || item.status === 'declined',
            seq,
          );
        return;
      }
      case 'mcp_tool_call': {
        const call = this.#call(
          item.id,
          `${str(r.server) ?? 'mcp'}.${str(r.tool) ?? 'tool'}`,
          r.arguments ?? null,
          seq,
        );
        if (!done) return;
        const err = (r.error ?? null) as Json | null;
        this.#settle(
          call,
          err !== null ? (str(err.message) ?? JSON.stringify(err)) : mcpText(r.result),
          err !== null || item.status === 'failed',
          seq,
        );
        return;
      }
      case 'web_search': {
        const call = this.#call(item.id, 'WebSearch', { query: str(r.query) ?? '' }, seq);
        if (done) this.#settle(call, '', false, seq);
        return;
      }
      case 'todo_list':
        this.#todos(item.id, todosOf(r.items), seq);
        return;
      case 'error':
        this.error(item.text || JSON.stringify(r), seq);
        return;
      default:
        if (done) this.system(item.type, `${item.type}${brief(r, 200)}`, seq);
    }
  }

  #todos(id: string, input: ReturnType<typeof todosOf>, seq: number): void {
    const call = this.#call(id, 'TodoWrite', input, seq);
    call.input = input;
    call.inputText = JSON.stringify(input);
    const left = input.todos.filter((t) => t.status !== 'completed').length;
    this.#settle(call, left === 0 ? 'all done' : `${left} of ${input.todos.length} to do`, false, seq);
  }

  #call(id: string, name: string, input: unknown, seq: number): ToolCallEntry {
    const e = this.#items.get(id);
    if (e?.kind === 'tool-call') return e;
    const call: ToolCallEntry = {
      kind: 'tool-call',
      id,
      parent: null,
      seq,
      name,
      input,
      inputText: input === null ? '' : JSON.stringify(input),
      status: 'running',
      children: [],
    };
    this.#add(id, call);
    return call;
  }

  #settle(call: ToolCallEntry, text: string, isError: boolean, seq: number): void {
    call.result = { text, isError };
    call.status = isError ? 'error' : 'done';
    call.seq = seq;
  }

  #add(id: string, e: ConversationEntry): void {
    this.store.add(e);
    this.#items.set(id, e);
  }

  result(isError: boolean, subtype: string, usage: Usage | null, text: string, seq: number): void {
    const r: ResultEntry = {
      kind: 'result',
      id: `e${seq}`,
      parent: null,
      seq,
      isError,
      subtype,
      durationMs: null,
      numTurns: null,
      costUsd: null,
      usage: usage ?? {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
      },
      text,
    };
    this.store.add(r);
    this.finish();
  }

  error(text: string, seq: number): void {
    this.store.add({ kind: 'error', id: `e${seq}`, parent: null, seq, text });
  }

  system(subtype: string, text: string, seq: number): void {
    this.store.add({ kind: 'system', id: `e${seq}`, parent: null, seq, subtype, text });
  }
}

function mcpText(result: unknown): string {
  if (result === null || typeof result !== 'object')
    return result === null || result === undefined ? '' : String(result);
  const content = (result as Json).content;
  if (Array.isArray(content))
    return content
      .map((c) =>
        c !== null && typeof c === 'object' ? (str((c as Json).text) ?? JSON.stringify(c)) : String(c),
      )
      .join('\n');
  return JSON.stringify(result);
}
