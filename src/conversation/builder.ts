// ConversationBuilder: consumes an execution's lines (`deltas` format, in seq order) into conversation
// entries, whichever agent printed them. Raw and stderr lines are handled here; each agent format's
// JSON events by its dialect, chosen by the executor or, without one, recognised from the first event.
import { parseObject } from './content-text.js';
import type { Dialect } from './dialect.js';
import { dialectFor } from './dialects.js';
import { EntryStore } from './entry-store.js';
import type { ConversationEntry } from './types.js';
import { detectLine } from '../formats/detect.js';

/**
 * Entries are mutated in place as deltas arrive (text appends, status changes): compare `entry.seq`
 * (or the builder's `version`) to notice a change. Sub-agent entries live in their tool call's `children`.
 */
/** Lines after which a stream that never told its format is read as Claude Code's. */
const UNDECIDED_LINES = 20;

export class ConversationBuilder {
  readonly #store = new EntryStore();
  #dialect: Dialect | null;
  /** Lines seen before any line told the format (a few at most), replayed once one does. */
  #pending: [number, string, 'stdout' | 'stderr'][] = [];
  #lastSeq = -1;
  #version = 0;

  /** `executor`: the execution's executor (`claude-code`, `codex`, …); omitted or unknown: recognised from the lines. */
  constructor(executor?: string) {
    this.#dialect = executor === undefined ? null : dialectFor(executor, this.#store);
  }

  /** Applies one line. Lines at or below `lastSeq` are ignored (a replayed line never duplicates). */
  apply(seq: number, line: string, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
    if (seq <= this.#lastSeq) return false;
    this.#lastSeq = seq;
    // A byte order mark before a stream's first line (some capture tools write one) is not part of its JSON.
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    this.#version++;
    if (this.#dialect === null) {
      const o = stream === 'stdout' ? parseObject(line) : null;
      // A line no format reads (plain text, stderr) needs no format: shown at once unless it must wait its turn.
      if (o === null && this.#pending.length === 0) {
        this.#store.add({ kind: 'raw', id: `e${seq}`, parent: null, seq, stream, text: line });
        return true;
      }
      const format = o === null ? null : detectLine(o);
      this.#pending.push([seq, line, stream]);
      if (format !== null || this.#pending.length >= UNDECIDED_LINES) this.#decide(format ?? 'claude-code');
      return true;
    }
    this.#line(seq, line, stream);
    return true;
  }

  #line(seq: number, line: string, stream: 'stdout' | 'stderr'): void {
    const dialect = this.#dialect!;
    if (stream === 'stdout') {
      if (dialect.line?.(line, seq) === true) return;
      const o = parseObject(line);
      if (o !== null && dialect.object(o, seq)) return;
    }
    this.#store.add({ kind: 'raw', id: `e${seq}`, parent: null, seq, stream, text: line });
  }

  #decide(format: string): void {
    this.#dialect = dialectFor(format, this.#store)!;
    for (const [seq, line, stream] of this.#pending) this.#line(seq, line, stream);
    this.#pending = [];
  }

  /** Marks streaming entries finished (call when the execution ends, e.g. killed mid-message). */
  finish(): void {
    if (this.#dialect === null) this.#decide('claude-code');
    this.#dialect!.finish(this.#lastSeq);
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
}
