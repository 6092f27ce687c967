// Built conversations of finished executions, kept so that a page of a long run costs a slice, not a rebuild.
import type { ExecutionManager } from '../live/execution-manager.js';
import type { ConversationEntry } from '../conversation/types.js';
import { readRecords } from '../replay/read-history.js';
import { ConversationBuilder } from '../conversation/builder.js';
import { slicer } from '../util/turns.js';
import { foldedEntries } from '../replay/folded.js';
import type { Execution } from '../store/types.js';
import { WeightedLru } from './weighted-lru.js';

export interface BuiltConversation {
  items: readonly ConversationEntry[];
  lastSeq: number;
}

export class ConversationCache {
  // Entries hold about the run's payload text: weighed by the bytes it printed (250k deltas: ~9 MB).
  readonly #lru = new WeightedLru<BuiltConversation>(96 * 1024 * 1024);
  /** Builds under way: a warm-up and an open of the same run share one. */
  readonly #pending = new Map<string, Promise<BuiltConversation>>();
  readonly #manager: ExecutionManager;

  constructor(manager: ExecutionManager) {
    this.#manager = manager;
  }

  /** The conversation of `e`: cached once it is finished and compacted, rebuilt from the records while it runs. */
  get(e: Execution): Promise<BuiltConversation> {
    const log = this.#manager.live(e.id);
    if (log !== undefined || !e.compacted) return this.#build(e, log?.unpersisted() ?? []);
    const pending = this.#pending.get(e.id);
    if (pending !== undefined) return pending;
    const p = this.#lru.get(
      e.id,
      () => e.bytesIn / 2,
      () => this.#build(e, []),
    );
    this.#pending.set(e.id, p);
    const done = () => void this.#pending.delete(e.id);
    p.then(done, done);
    return p;
  }

  /** Builds a finished run's conversation ahead of its first open; errors are left to that open. */
  warm(e: Execution): void {
    if (e.compacted && this.#manager.live(e.id) === undefined) this.get(e).catch(() => undefined);
  }

  async #build(e: Execution, unpersisted: Parameters<typeof readRecords>[2]): Promise<BuiltConversation> {
    // Folding the folded lines gives the same entries as folding every delta, from far fewer lines (7,573 instead of 31,420 in the e2e run).
    const lines = foldedEntries(await readRecords(this.#manager.store, e, unpersisted));
    // Built in slices (0.4 s of work for 250,000 deltas): live streams keep flowing meanwhile.
    const b = new ConversationBuilder(e.executor);
    const turn = slicer();
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      b.apply(l.seq, l.text ?? l.bytes!.toString('utf8'), l.stream);
      if ((i & 255) === 255) await turn();
    }
    return { items: b.entries(), lastSeq: b.lastSeq };
  }
}
