// Claude Code stream-json lines → conversation entries (the `claude-code` conversation dialect).
import { str } from '../../conversation/content-text.js';
import type { Dialect } from '../../conversation/dialect.js';
import type { EntryStore } from '../../conversation/entry-store.js';
import { readDelta } from '../../conversation/fast-delta.js';
import { applyAssistant, applyUser } from '../../conversation/message-lines.js';
import { resultEntry } from '../../conversation/result-entry.js';
import { StreamAssembler } from '../../conversation/stream-assembler.js';
import { brief, systemText } from '../../conversation/system-text.js';
import type { Json } from '../../conversation/types.js';

export class ClaudeDialect implements Dialect {
  protected readonly store: EntryStore;
  readonly #stream: StreamAssembler;

  constructor(store: EntryStore) {
    this.store = store;
    this.#stream = new StreamAssembler(store);
  }

  /** Deltas are read without JSON.parse (most lines of a run are deltas). */
  line(line: string, seq: number): boolean {
    const d = readDelta(line);
    if (d === null) return false;
    this.#stream.delta(d.index, d.parent, d.deltaType, d.payload, seq);
    return true;
  }

  object(o: Json, seq: number): boolean {
    if (typeof o.type !== 'string') return false;
    const parent = str(o.parent_tool_use_id) ?? null;
    switch (o.type) {
      case 'stream_event':
        if (o.event !== null && typeof o.event === 'object') {
          const event = o.event as Json;
          if (event.type === 'error') this.#error(event, parent, seq);
          else this.#stream.apply(event, parent, seq);
        }
        break;
      case 'assistant':
        applyAssistant(this.store, o, parent, seq);
        break;
      case 'user':
        applyUser(this.store, o, parent, seq);
        break;
      case 'result':
        this.#stream.closeAll(seq);
        this.store.add(resultEntry(o, parent, seq));
        break;
      case 'system': {
        const text = systemText(o);
        if (text !== null)
          this.store.add({ kind: 'system', id: `e${seq}`, parent, seq, subtype: str(o.subtype) ?? '', text });
        break;
      }
      case 'rate_limit_event': {
        const info = (o.rate_limit_info ?? {}) as Json;
        if (info.status === 'allowed') break; // routine: only a limit being hit is worth a line
        this.store.add({
          kind: 'system',
          id: `e${seq}`,
          parent,
          seq,
          subtype: 'rate_limit',
          text: `Rate limit${brief(info)}`,
        });
        break;
      }
      case 'error':
        this.#error(o, parent, seq);
        break;
      default:
        this.other(o, parent, seq);
    }
    return true;
  }

  finish(seq: number): void {
    this.#stream.closeAll(seq);
  }

  /** An event this dialect does not know: one compact line. */
  protected other(o: Json, parent: string | null, seq: number): void {
    const type = String(o.type);
    this.store.add({ kind: 'system', id: `e${seq}`, parent, seq, subtype: type, text: `${type}${brief(o)}` });
  }

  #error(o: Json, parent: string | null, seq: number): void {
    const err = o.error;
    const text =
      typeof err === 'string'
        ? err
        : err !== null && typeof err === 'object'
          ? (str((err as Json).message) ?? JSON.stringify(err))
          : JSON.stringify(o);
    this.store.add({ kind: 'error', id: `e${seq}`, parent, seq, text });
  }
}
