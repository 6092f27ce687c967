// Conversations of finished executions for the page and search: read from their stored pages (a window costs
// a header and a page or two, whatever the run's length), built from the history when a run has none yet
// (then stored, so that build happens once), and kept in memory once read whole.
import type { ExecutionManager } from '../live/execution-manager.js';
import type { ConversationEntry } from '../conversation/types.js';
import {
  buildConversation,
  pagesCovering,
  readAllPages,
  readPage,
  readPagesHeader,
  hasConversationPages,
  storeConversationPages,
  type BuiltConversation,
  type DecodedPage,
  type PagesHeader,
} from '../replay/conversation-pages/index.js';
import {
  conversationPage,
  searchConversation,
  pageWindow,
  windowPage,
  type ConversationPage,
  type PageQuery,
} from '../replay/conversation-page.js';
import { slicer } from '../util/turns.js';
import type { Execution } from '../store/types.js';
import { WeightedLru } from './weighted-lru.js';
import { LineHistories } from './line-histories.js';
import { plainEntries, plainPage, searchPlain } from '../replay/plain-conversation.js';
import type { LineHistory } from '../replay/line-history.js';

export type { BuiltConversation };

/** Page headers kept (a few hundred bytes each for most runs). */
const HEADERS = 512;

export class ConversationCache {
  // Entries hold about the run's payload text: weighed by the bytes it printed (250k deltas: ~9 MB).
  readonly #lru = new WeightedLru<BuiltConversation>(96 * 1024 * 1024);
  /** Decoded pages, by execution and page (weighed by their JSON's bytes). */
  readonly #pages = new WeightedLru<DecodedPage>(32 * 1024 * 1024);
  readonly #headers = new Map<string, PagesHeader>();
  /** Builds under way: a warm-up and an open of the same run share one. */
  readonly #pending = new Map<string, Promise<BuiltConversation>>();
  readonly #manager: ExecutionManager;
  /** Runs' line histories (also the line views' source, logs.ts). */
  readonly lines: LineHistories;

  constructor(manager: ExecutionManager) {
    this.#manager = manager;
    this.lines = new LineHistories(manager);
  }

  /**
   * A run of another executor than an agent whose output holds no JSON object (a dev server, `yes`): its
   * conversation is one raw entry per line, read window by window. Built whole, the 60 million lines of
   * a 10 s `yes` run exhausted the heap.
   */
  async plain(e: Execution): Promise<LineHistory | null> {
    if (hasConversationPages(e.executor)) return null;
    const h = await this.lines.get(e);
    return h.plainText ? h : null;
  }

  /** Top-level entries containing `q` (case-insensitive), at most `limit`, how many in all, and the total. */
  async search(
    e: Execution,
    q: string,
    limit: number,
  ): Promise<{ hits: { index: number; id: string; seq: number }[]; count: number; total: number }> {
    const h = await this.plain(e);
    if (h !== null) return searchPlain(h, q, limit);
    const c = await this.get(e);
    return { ...searchConversation(c.items, q, limit), total: c.items.length };
  }

  /** Every top-level entry in pieces (a run read whole), and the last seq. */
  async whole(e: Execution): Promise<{
    pieces: AsyncIterable<readonly ConversationEntry[]> | Iterable<readonly ConversationEntry[]>;
    lastSeq: number;
  }> {
    const h = await this.plain(e);
    if (h !== null) return plainEntries(h);
    const c = await this.get(e);
    return { pieces: [c.items], lastSeq: c.lastSeq };
  }

  /** The whole conversation of `e`: kept once it is finished and compacted, rebuilt from the records while it runs. */
  get(e: Execution): Promise<BuiltConversation> {
    const log = this.#manager.live(e.id);
    if (log !== undefined || !e.compacted)
      return buildConversation(this.#manager.store, e, log?.unpersisted());
    const key = keyOf(e);
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const p = this.#lru.get(
      key,
      () => e.bytesIn / 2,
      () => this.#readOrBuild(e),
    );
    this.#pending.set(key, p);
    const done = () => void this.#pending.delete(key);
    p.then(done, done);
    return p;
  }

  /** A window of `e`'s top-level entries: from its stored pages when it has them, else from the whole conversation. */
  async page(e: Execution, q: PageQuery): Promise<ConversationPage> {
    const stored = await this.storedPage(e, q);
    if (stored !== null) return stored;
    const h = await this.plain(e);
    return h !== null ? plainPage(h, q) : conversationPage(...(await this.#whole(e)), q);
  }

  /**
   * A window of a finished agent run's entries from what is stored or kept (a few milliseconds); null when
   * that would take building the conversation (a running run, another executor, a run without pages).
   */
  async storedPage(e: Execution, q: PageQuery): Promise<ConversationPage | null> {
    if (this.#manager.live(e.id) !== undefined || !e.compacted || !hasConversationPages(e.executor))
      return null;
    const kept = this.#lru.peek(keyOf(e));
    if (kept !== undefined) return conversationPage(kept.items, kept.lastSeq, q);
    const h = await this.#header(e);
    // A small run has a header and no pages: it is built (a few milliseconds) and kept whole.
    if (h === null || h.small === 1) return null;
    const { start, end } = pageWindow(h.total, q);
    const [first, last] = pagesCovering(h, start, end);
    const items: ConversationEntry[] = [];
    try {
      for (let p = first; p < last; p++) for (const x of (await this.#page(e, h, p)).items) items.push(x);
    } catch {
      // Pages out of step with their header (or gone): not used (the whole conversation is rebuilt and stored again).
      this.#headers.delete(keyOf(e));
      return null;
    }
    const from = start - (h.starts[first] ?? 0);
    return windowPage(items.slice(from, from + end - start), start, h.total, h.lastSeq, q);
  }

  async #whole(e: Execution): Promise<[readonly ConversationEntry[], number]> {
    const c = await this.get(e);
    return [c.items, c.lastSeq];
  }

  /** Prepares a finished run's first open: its pages' header, or (a run stored before pages) its pages built. */
  warm(e: Execution): void {
    if (!e.compacted || this.#manager.live(e.id) !== undefined) return;
    void this.#header(e)
      .then((h) => (h === null || h.small === 1 ? this.get(e) : undefined))
      .catch(() => undefined);
  }

  async #header(e: Execution): Promise<PagesHeader | null> {
    const key = keyOf(e);
    const hit = this.#headers.get(key);
    if (hit !== undefined) return hit;
    const h = await readPagesHeader(this.#manager.store, e);
    if (h !== null) {
      if (this.#headers.size >= HEADERS) this.#headers.delete(this.#headers.keys().next().value!);
      this.#headers.set(key, h);
    }
    return h;
  }

  #page(e: Execution, h: PagesHeader, p: number): Promise<DecodedPage> {
    return this.#pages.get(
      `${keyOf(e)}:${p}`,
      (page) => page.bytes,
      () => readPage(this.#manager.store, e, h, p),
    );
  }

  /** The stored pages read whole; without them (or if they do not read), built from the history and stored. */
  async #readOrBuild(e: Execution): Promise<BuiltConversation> {
    const store = this.#manager.store;
    const h = await this.#header(e);
    if (h?.small === 1) return buildConversation(store, e);
    if (h !== null) {
      try {
        return await readAllPages(store, e, h, slicer());
      } catch {
        this.#headers.delete(keyOf(e));
      }
    }
    const built = await buildConversation(store, e);
    // Stored for the next open (and the next server): a run compacted before pages existed, or whose pages are stale.
    void storeConversationPages(store, e, { built }).catch(() => undefined);
    return built;
  }
}

/** Cache key: the id and the number (an id deleted and imported again gets a new number). */
const keyOf = (e: Execution) => `${e.id}:${e.num}`;
