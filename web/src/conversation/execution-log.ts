// Client-side log of one execution: history pages (`folded`: one line per content block) then live SSE lines, fed to a ConversationBuilder and a line list.
import { ConversationBuilder } from '../../../src/conversation/index.js';
import { api, apiUrl, type LogPage } from '../lib/api.js';

export interface LogLine {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface Finished {
  status: string;
  exitCode: number | null;
}

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
      const fetchPage = (cursor: number | undefined) =>
        api<LogPage>(`/api/executions/${encodeURIComponent(this.#id)}/logs`, { params: { format: 'folded', limit: PAGE, cursor }, signal: this.#abort.signal });
      let pending = fetchPage(undefined);
      pending.catch(() => undefined); // a prefetched page may be abandoned (closed): not an unhandled rejection
      for (;;) {
        const page = await pending;
        const more = page.nextCursor !== null && page.nextCursor !== undefined && page.items.length > 0;
        // Ask for the next page before applying this one: the download overlaps the parsing.
        if (more) {
          pending = fetchPage(page.nextCursor!);
          pending.catch(() => undefined);
        }
        const before = this.builder.lastSeq;
        for (const it of page.items) this.#add(it.seq, it.stream, it.text);
        // A server that pages by an inclusive cursor may resend a line: stop if a page brought nothing new.
        if (!more || this.builder.lastSeq === before) break;
      }
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
