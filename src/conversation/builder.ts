// ConversationBuilder: consumes an execution's lines (`deltas` format, in seq order) into conversation entries.
import { parseObject, str } from './content-text.js';
import { EntryStore } from './entry-store.js';
import { readDelta } from './fast-delta.js';
import { applyAssistant, applyUser } from './message-lines.js';
import { resultEntry } from './result-entry.js';
import { StreamAssembler } from './stream-assembler.js';
import { brief, systemText } from './system-text.js';
import type { ConversationEntry, Json } from './types.js';

/**
 * Entries are mutated in place as deltas arrive (text appends, status changes): compare `entry.seq`
 * (or the builder's `version`) to notice a change. Sub-agent entries live in their tool call's `children`.
 */
export class ConversationBuilder {
  readonly #store = new EntryStore();
  readonly #stream = new StreamAssembler(this.#store);
  #lastSeq = -1;
  #version = 0;

  /** Applies one line. Lines at or below `lastSeq` are ignored (a replayed line never duplicates). */
  apply(seq: number, line: string, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
    if (seq <= this.#lastSeq) return false;
    this.#lastSeq = seq;
    // A byte order mark before a stream's first line (some capture tools write one) is not part of its JSON.
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    this.#version++;
    if (stream === 'stdout') {
      const d = readDelta(line);
      if (d !== null) {
        this.#stream.delta(d.index, d.parent, d.deltaType, d.payload, seq);
        return true;
      }
    }
    const o = stream === 'stdout' ? parseObject(line) : null;
    if (o === null || typeof o.type !== 'string') {
      this.#store.add({ kind: 'raw', id: `e${seq}`, parent: null, seq, stream, text: line });
      return true;
    }
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
        applyAssistant(this.#store, o, parent, seq);
        break;
      case 'user':
        applyUser(this.#store, o, parent, seq);
        break;
      case 'result':
        this.#stream.closeAll(seq);
        this.#store.add(resultEntry(o, parent, seq));
        break;
      case 'system': {
        const text = systemText(o);
        if (text !== null) this.#store.add({ kind: 'system', id: `e${seq}`, parent, seq, subtype: str(o.subtype) ?? '', text });
        break;
      }
      case 'rate_limit_event': {
        const info = (o.rate_limit_info ?? {}) as Json;
        if (info.status === 'allowed') break; // routine: only a limit being hit is worth a line
        this.#store.add({ kind: 'system', id: `e${seq}`, parent, seq, subtype: 'rate_limit', text: `Rate limit${brief(info)}` });
        break;
      }
      case 'error':
        this.#error(o, parent, seq);
        break;
      default:
        this.#store.add({ kind: 'system', id: `e${seq}`, parent, seq, subtype: o.type, text: `${o.type}${brief(o)}` });
    }
    return true;
  }

  /** Marks streaming entries finished (call when the execution ends, e.g. killed mid-message). */
  finish(): void {
    this.#stream.closeAll(this.#lastSeq);
    this.#version++;
  }

  /** Top-level entries; sub-agent entries are nested in their tool call's `children`. Live array: do not mutate. */
  entries(): readonly ConversationEntry[] {
    return this.#store.top;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Bumped by every applied line (cheap change check). */
  get version(): number {
    return this.#version;
  }

  /** Bumped only when an entry is added (anywhere in the tree): re-flatten rows when this changes. */
  get structureVersion(): number {
    return this.#store.structureVersion;
  }

  /** Number of entries including nested ones. */
  get size(): number {
    return this.#store.count;
  }

  #error(o: Json, parent: string | null, seq: number): void {
    const err = o.error;
    const text = typeof err === 'string' ? err : err !== null && typeof err === 'object' ? (str((err as Json).message) ?? JSON.stringify(err)) : JSON.stringify(o);
    this.#store.add({ kind: 'error', id: `e${seq}`, parent, seq, text });
  }
}
