// Client-side log of one execution: history pages (`folded`: one line per content block) then live SSE lines, fed to a ConversationBuilder and a line list.
import { ConversationBuilder } from '../../../src/conversation/index.js';
import { apiUrl } from '../lib/api.js';
import { openLines } from '../lib/log-lines.js';

export interface LogLine {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface Finished {
  status: string;
  exitCode: number | null;
}

/** Timing marks of a history load (the end-to-end test prints them): request sent, headers in, last line folded, rows rendered. */
export const LOAD_MARKS = ['tf:log:start', 'tf:log:headers', 'tf:log:loaded', 'tf:log:rendered'] as const;

/** Lines per history request (the server may return fewer). */
const PAGE = 50_000;

export class ExecutionLog {
  readonly builder = new ConversationBuilder();
  readonly lines: LogLine[] = [];
  /** Bumped (at most once a frame) after lines were added or the state changed. */
  version = 0;
  loaded = false;
  live = false;
  error: string | null = null;
  finished: Finished | null = null;
  readonly #id: string;
  readonly #listeners = new Set<() => void>();
  #abort = new AbortController();
  #source: EventSource | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  #closed = false;

  constructor(id: string) {
    this.#id = id;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Loads the whole history (paginated), then follows the live stream until `finished`. */
  async start(): Promise<void> {
    // For end-to-end tests: the model behind what is rendered.
    (window as unknown as { __tokenfoldLog?: ExecutionLog }).__tokenfoldLog = this;
    try {
      // One set of marks: the latest log's.
      for (const m of LOAD_MARKS) performance.clearMarks(m);
      performance.mark('tf:log:start');
      const path = `/api/executions/${encodeURIComponent(this.#id)}/logs`;
      const open = (cursor: number | undefined) => openLines(path, { format: 'folded', limit: PAGE, cursor }, this.#abort.signal);
      let pending = open(undefined);
      for (;;) {
        const { page, body } = await pending;
        performance.mark('tf:log:headers');
        const more = page.nextCursor !== null;
        // The next page's request goes out before this body is read: its server work overlaps our parsing.
        if (more) {
          pending = open(page.nextCursor!);
          pending.catch(() => undefined); // a prefetched page may be abandoned (closed): not an unhandled rejection
        }
        const before = this.builder.lastSeq;
        // Lines are folded as they arrive, while the rest of the page downloads.
        const n = await body(this.#addLine);
        // A server that pages by an inclusive cursor may resend a line: stop if a page brought nothing new.
        if (!more || n === 0 || this.builder.lastSeq === before) break;
      }
      performance.mark('tf:log:loaded');
      this.loaded = true;
      this.#changed(true);
      this.#open();
    } catch (e) {
      if (this.#closed) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.#changed(true);
    }
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
    this.#source?.close();
    this.#source = null;
    clearTimeout(this.#retry);
    cancelAnimationFrame(this.#frame);
  }

  #addLine = (seq: number, stream: 'stdout' | 'stderr', text: string): void => {
    this.#add(seq, stream, text);
  };

  #add(seq: number, stream: 'stdout' | 'stderr', text: string): boolean {
    if (!this.builder.apply(seq, text, stream)) return false;
    this.lines.push({ seq, stream, text });
    return true;
  }

  #open(): void {
    if (this.#closed || this.finished !== null) return;
    const last = this.builder.lastSeq;
    const es = new EventSource(apiUrl(`/api/executions/${encodeURIComponent(this.#id)}/stream`, { format: 'deltas', lastEventId: last >= 0 ? last : undefined }));
    this.#source = es;
    const onLine = (stream: 'stdout' | 'stderr') => (ev: MessageEvent<string>) => {
      const seq = Number(ev.lastEventId);
      // Event id = seq: a replay after a reconnect never duplicates a line.
      if (Number.isFinite(seq) && this.#add(seq, stream, ev.data)) this.#changed(false);
    };
    es.addEventListener('line', onLine('stdout'));
    es.addEventListener('stderr', onLine('stderr'));
    // Lines SSE cannot carry verbatim (a CR inside, another terminator, invalid UTF-8) come JSON-escaped.
    es.addEventListener('line-escaped', (ev: MessageEvent<string>) => {
      const seq = Number(ev.lastEventId);
      const text = unescapeLine(ev.data);
      if (Number.isFinite(seq) && text !== null && this.#add(seq, 'stdout', text)) this.#changed(false);
    });
    es.addEventListener('open', () => {
      this.live = true;
      this.#changed(false);
    });
    es.addEventListener('finished', (ev: MessageEvent<string>) => {
      let f: Finished = { status: 'completed', exitCode: null };
      try {
        f = JSON.parse(ev.data) as Finished;
      } catch {
        /* keep the default */
      }
      this.finished = f;
      this.live = false;
      this.builder.finish();
      es.close();
      this.#source = null;
      this.#changed(true);
    });
    es.addEventListener('error', () => {
      this.live = false;
      this.#changed(false);
      // EventSource retries by itself (sending Last-Event-ID) unless the server refused: then reopen later.
      if (es.readyState === EventSource.CLOSED && !this.#closed && this.finished === null) {
        this.#source = null;
        this.#retry = setTimeout(() => this.#open(), 2000);
      }
    });
  }

  /** Notifies listeners; live lines are coalesced to one notification per animation frame. */
  #changed(now: boolean): void {
    if (this.#closed) return;
    if (now) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
      this.#emit();
    } else if (this.#frame === 0) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#emit();
      });
    }
  }

  #emit(): void {
    this.version++;
    for (const l of this.#listeners) l();
  }
}

/** `{ text }` or `{ base64 }` (decoded lossily as UTF-8) from a `line-escaped` event. */
function unescapeLine(data: string): string | null {
  try {
    const d = JSON.parse(data) as { text?: string; base64?: string };
    if (typeof d.text === 'string') return d.text;
    if (typeof d.base64 === 'string') return new TextDecoder().decode(Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0)));
  } catch {
    /* malformed: skip */
  }
  return null;
}
