// A finished run's top-level entries, fetched page by page from the server (the last page first): the page
// holds what was looked at, not the whole run, and opening it costs one small request whatever its length.
import type { ConversationEntry } from 'tokenfold/conversation';
import type { ConversationPageBody } from 'tokenfold/protocol';
import { api } from '../lib/api.js';
import { canShowMore, cutPart, fetchPiece, toBlocks, type MoreText } from './entry-more.js';

export type EntryPage = ConversationPageBody<ConversationEntry>;

/** Entries of the first request (a few screens) and of each later one. */
export const FIRST_PAGE = 60;
const PAGE = 200;

export class EntryWindow {
  readonly total: number;
  readonly lastSeq: number;
  /** Bumped whenever entries arrived. */
  version = 0;
  readonly #items: (ConversationEntry | undefined)[];
  /** The rest of cut entries' texts revealed so far, by entry index. */
  readonly #more = new Map<number, MoreText>();
  /** `before` of each request sent (a page is asked for once). */
  readonly #asked = new Set<number>();
  readonly #path: string;
  readonly #signal: AbortSignal;
  readonly #changed: () => void;
  readonly #failed: (e: unknown) => void;

  constructor(
    path: string,
    first: EntryPage,
    signal: AbortSignal,
    changed: () => void,
    failed: (e: unknown) => void,
  ) {
    this.total = first.total;
    this.lastSeq = first.lastSeq;
    this.#items = new Array<ConversationEntry | undefined>(first.total);
    this.#path = path;
    this.#signal = signal;
    this.#changed = changed;
    this.#failed = failed;
    this.#put(first);
  }

  /** The last page of the run's conversation. */
  static first(path: string, signal: AbortSignal): Promise<EntryPage> {
    return api<EntryPage>(path, { params: { format: 'conversation', tail: FIRST_PAGE }, signal });
  }

  at(i: number): ConversationEntry | undefined {
    return this.#items[i];
  }

  /** The entries loaded so far, in order. */
  loaded(): ConversationEntry[] {
    return this.#items.filter((e): e is ConversationEntry => e !== undefined);
  }

  /** Fetches the page holding entry `i` unless it is here: the entries above it (`up`, when scrolling back) or around it. */
  ensure(i: number, around: 'up' | 'center' = 'up'): Promise<void> {
    if (i < 0 || i >= this.total || this.#items[i] !== undefined) return Promise.resolve();
    const before = Math.min(
      this.total,
      around === 'up' ? Math.max(i + 1, PAGE) : Math.max(i + PAGE / 2, PAGE),
    );
    if (this.#asked.has(before)) return Promise.resolve();
    this.#asked.add(before);
    return this.#fetch({ tail: PAGE, before }).then(
      (p) => this.#put(p),
      (e: unknown) => {
        this.#asked.delete(before);
        if (!this.#signal.aborted) this.#failed(e);
      },
    );
  }

  /** What was revealed of cut entry `i`'s text beyond its cut (`showMore`). */
  more(i: number): MoreText | undefined {
    return this.#more.get(i);
  }

  /** Reveals the next piece of cut entry `i`'s text (it came `truncated` at `cutAt` characters). */
  async showMore(i: number, cutAt: number): Promise<void> {
    const e = this.#items[i];
    const was = this.#more.get(i);
    if (e === undefined || was?.loading === true || (was !== undefined && !canShowMore(was))) return;
    const { part, shown } = cutPart(e, cutAt);
    const base = was ?? { blocks: [], next: shown, length: null, loading: false };
    this.#setMore(i, { ...base, loading: true });
    try {
      const p = await fetchPiece(this.#path, i, part, base.next, this.#signal);
      this.#setMore(i, {
        blocks: [...base.blocks, ...toBlocks(p.text)],
        next: p.next,
        length: p.length,
        loading: false,
      });
    } catch (err) {
      this.#setMore(i, base);
      if (!this.#signal.aborted) this.#failed(err);
    }
  }

  #setMore(i: number, m: MoreText): void {
    this.#more.set(i, m);
    this.version++;
    this.#changed();
  }

  #fetch(params: Record<string, number>): Promise<EntryPage> {
    return api<EntryPage>(this.#path, {
      params: { format: 'conversation', ...params },
      signal: this.#signal,
    });
  }

  #put(p: EntryPage): void {
    p.items.forEach((e, k) => (this.#items[p.start + k] = e));
    this.version++;
    this.#changed();
  }
}
