// format=conversation on the stream endpoint: a snapshot of the entries, then changed entries as they
// change (batched, at most every 50 ms). History here is coarse (a fresh snapshot on every connect);
// resuming is still exact because every connect rebuilds from the stored lines.
import { ConversationBuilder } from '../../conversation/builder.js';
import { walkEntries } from '../../conversation/flatten.js';
import type { ReplayEntry } from '../../replay/entry.js';
import { namedEvent, type SseWriter } from '../sse.js';
import { CONVERSATION_EVENTS } from '../../protocol/sse-events.js';

const BATCH_MS = 50;

export class ConversationStream {
  readonly #b: ConversationBuilder;
  readonly #sse: SseWriter;
  #sentSeq = -1;
  #timer: NodeJS.Timeout | null = null;

  /** `executor` names the agent format the lines are read in. */
  constructor(sse: SseWriter, executor: string) {
    this.#sse = sse;
    this.#b = new ConversationBuilder(executor);
  }

  /** Sends the snapshot (one event, however large, written with backpressure); false if the client left. */
  history(entries: readonly ReplayEntry[]): Promise<boolean> {
    for (const e of entries) this.#apply(e);
    this.#sentSeq = this.#b.lastSeq;
    return this.#sse.writeDrained(
      namedEvent(CONVERSATION_EVENTS.snapshot, { items: this.#b.entries() }, this.#b.lastSeq),
    );
  }

  live(e: ReplayEntry): void {
    this.#apply(e);
    this.#timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Sends every entry created or changed since the last send (entries carry the seq that last touched them). */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#b.lastSeq <= this.#sentSeq) return;
    const changed = [...walkEntries(this.#b.entries())].filter((x) => x.seq > this.#sentSeq);
    this.#sentSeq = this.#b.lastSeq;
    this.#sse.event(CONVERSATION_EVENTS.entries, { items: changed }, this.#sentSeq);
  }

  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  #apply(e: ReplayEntry): void {
    this.#b.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
  }
}
