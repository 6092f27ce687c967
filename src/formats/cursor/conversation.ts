// Cursor CLI stream-json lines → conversation entries. Thinking chunks (`thinking`/`delta`) and, with
// partial output, text chunks (`assistant` lines with `timestamp_ms` and no `model_call_id`) grow one
// entry each; a whole `assistant` segment that repeats what was streamed (or the turn so far) is not shown twice.
import { contentText, num, str } from '../../conversation/content-text.js';
import { TextRun, type Dialect } from '../../conversation/dialect.js';
import type { EntryStore } from '../../conversation/entry-store.js';
import { resultEntry } from '../../conversation/result-entry.js';
import { brief, systemText } from '../../conversation/system-text.js';
import type { Json } from '../../conversation/types.js';

export class CursorDialect implements Dialect {
  readonly #store: EntryStore;
  readonly #run: TextRun;
  /** Assistant texts of the current turn, to recognise the consolidated copies. */
  #turnTexts: string[] = [];

  constructor(store: EntryStore) {
    this.#store = store;
    this.#run = new TextRun(store);
  }

  object(o: Json, seq: number): boolean {
    const type = o.type;
    if (typeof type !== 'string') return false;
    if (type === 'thinking' && o.subtype === 'delta') {
      this.#run.append('thinking', str(o.text) ?? '', null, seq);
      return true;
    }
    const message = (o.message ?? {}) as Json;
    if (type === 'assistant' && 'timestamp_ms' in o && !('model_call_id' in o)) {
      const before = this.#run.open;
      const e = this.#run.append('assistant-text', contentText(message.content), null, seq);
      if (e !== before) this.#turnTexts.push(e.text);
      else this.#turnTexts[this.#turnTexts.length - 1] = e.text;
      return true;
    }
    this.#run.close();
    switch (type) {
      case 'thinking':
        break; // `completed`: the thinking entry is closed above
      case 'assistant':
        this.#segment(contentText(message.content), seq);
        break;
      case 'user':
        this.#turnTexts = [];
        this.#store.add({
          kind: 'user',
          id: `e${seq}`,
          parent: null,
          seq,
          text: contentText(message.content),
        });
        break;
      case 'system': {
        const init =
          o.subtype === 'init'
            ? `Session started · ${[str(o.model), str(o.cwd), str(o.permissionMode)].filter(Boolean).join(' · ')}`
            : null;
        this.#store.add({
          kind: 'system',
          id: `e${seq}`,
          parent: null,
          seq,
          subtype: str(o.subtype) ?? '',
          text: init ?? systemText(o) ?? `system${brief(o)}`,
        });
        break;
      }
      case 'tool_call':
        this.#toolCall(o, seq);
        break;
      case 'result':
        this.#turnTexts = [];
        this.#store.add(resultEntry(o, null, seq));
        break;
      case 'error':
        this.#store.add({
          kind: 'error',
          id: `e${seq}`,
          parent: null,
          seq,
          text: str(o.message) ?? str(o.error) ?? JSON.stringify(o),
        });
        break;
      default:
        this.#store.add({
          kind: 'system',
          id: `e${seq}`,
          parent: null,
          seq,
          subtype: type,
          text: `${type}${brief(o, 200)}`,
        });
    }
    return true;
  }

  finish(): void {
    this.#run.close();
  }

  /** A whole text segment: new text, or the consolidated copy of what was streamed. */
  #segment(text: string, seq: number): void {
    const t = this.#turnTexts;
    if (text === '' || t[t.length - 1] === text || t.join('') === text) return;
    t.push(text);
    this.#store.add({ kind: 'assistant-text', id: `e${seq}`, parent: null, seq, text, streaming: false });
  }

  #toolCall(o: Json, seq: number): void {
    const id = str(o.call_id) ?? `call-${seq}`;
    const wrapper = (o.tool_call ?? {}) as Json;
    const key = Object.keys(wrapper)[0] ?? 'tool';
    const body = (wrapper[key] ?? {}) as Json;
    let call = this.#store.tool(id);
    if (call === undefined) {
      const input = body.args ?? null;
      call = {
        kind: 'tool-call',
        id,
        parent: null,
        seq,
        name: toolName(key),
        input,
        inputText: input === null ? '' : JSON.stringify(input),
        status: 'running',
        children: [],
      };
      this.#store.add(call);
    }
    if (o.subtype !== 'completed') return;
    call.seq = seq;
    const result = (body.result ?? null) as Json | null;
    if (result === null) {
      call.status = 'done';
      return;
    }
    const ok = (result.success ?? null) as Json | null;
    const failure = (
      ok === null ? (result.error ?? result.failure ?? result.rejected ?? result) : null
    ) as Json | null;
    if (ok !== null) {
      const exit = num(ok.exitCode);
      const out = [str(ok.stdout), str(ok.stderr)].filter((s) => s !== undefined && s !== '').join('\n');
      const text =
        out !== '' || exit !== null
          ? `${out}${exit === null ? '' : `${out === '' ? '' : '\n'}exit code ${exit}`}`
          : successText(ok);
      call.result = { text, isError: exit !== null && exit !== 0 };
    } else {
      call.result = {
        text: str(failure?.message) ?? str(failure?.error) ?? JSON.stringify(failure),
        isError: true,
      };
    }
    call.status = call.result.isError ? 'error' : 'done';
  }
}

/** `shellToolCall` → `Shell`, `readToolCall` → `Read`. */
function toolName(key: string): string {
  const base = key.endsWith('ToolCall') ? key.slice(0, -'ToolCall'.length) : key;
  return base === 'shell' ? 'Bash' : base.charAt(0).toUpperCase() + base.slice(1);
}

/** A tool's success payload as text: its string fields (content, diff…), else compact JSON. */
function successText(ok: Json): string {
  const parts: string[] = [];
  for (const k in ok) if (typeof ok[k] === 'string' && ok[k] !== '') parts.push(ok[k] as string);
  return parts.length > 0 ? parts.join('\n') : JSON.stringify(ok);
}
