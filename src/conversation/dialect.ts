// A conversation dialect: how one agent format's lines become entries. The builder owns the entry store,
// sequence checks and raw lines; a dialect only interprets its format's JSON objects.
import type { EntryStore } from './entry-store.js';
import type { AssistantTextEntry, Json, ThinkingEntry } from './types.js';

export interface Dialect {
  /** Fast path for a delta line, before any parse (stdout only): true when the line was handled. */
  line?(line: string, seq: number): boolean;
  /** A stdout line that is a JSON object; false when it is not one of the format's events (kept as a raw line). */
  object(o: Json, seq: number): boolean;
  /** The execution ended: mark streaming entries finished. */
  finish(seq: number): void;
}

export type DialectFactory = (store: EntryStore) => Dialect;

/** A streamed text or thinking entry that grows chunk by chunk until `close`. */
export class TextRun {
  readonly #store: EntryStore;
  #open: AssistantTextEntry | ThinkingEntry | null = null;

  constructor(store: EntryStore) {
    this.#store = store;
  }

  get open(): AssistantTextEntry | ThinkingEntry | null {
    return this.#open;
  }

  /** Appends a chunk to the open entry of this kind, or opens one. */
  append(
    kind: 'assistant-text' | 'thinking',
    text: string,
    parent: string | null,
    seq: number,
    id = `e${seq}`,
  ): AssistantTextEntry | ThinkingEntry {
    let e = this.#open;
    if (e === null || e.kind !== kind || e.parent !== parent) {
      this.close();
      const fresh: AssistantTextEntry | ThinkingEntry = { kind, id, parent, seq, text: '', streaming: true };
      this.#store.add(fresh);
      this.#open = e = fresh;
    }
    e.text += text;
    e.seq = seq;
    return e;
  }

  close(): void {
    if (this.#open !== null) this.#open.streaming = false;
    this.#open = null;
  }
}
