// Client-side log of one execution. Running: history pages (`folded`: one line per content block) then live SSE
// lines, fed to a ConversationBuilder and a line list. Finished: the server's conversation entries, page by page
// from the end (entry-window.ts), lines on demand.
import { ConversationBuilder, type ConversationEntry } from 'tokenfold/conversation';
import { FINISHED_EVENT, LINE_EVENTS, type EscapedLine, type FinishedEventData } from 'tokenfold/protocol';
import { apiUrl, getExecution, isAgent, knownFinished, type Execution } from '../lib/api.js';
import { KEEP_LINES } from '../lib/keep-lines.js';
import { openLines } from '../lib/log-lines.js';
import { parkWhenHidden } from '../lib/park-when-hidden.js';
import type { OnLine } from '../lib/read-lines.js';
import { EntryWindow } from './entry-window.js';

export interface LogLine {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The `finished` event's data. */
export type Finished = FinishedEventData;

/** Timing marks of a history load (the end-to-end test prints them): started, execution known, history in, rows rendered. */
export const LOAD_MARKS = ['tf:log:start', 'tf:log:execution', 'tf:log:loaded', 'tf:log:rendered'] as const;

/** Lines per history request (the server may return fewer). */
const PAGE = 50_000;

export class LogModel {
  /** Replaced once the execution is known: its executor names the agent format (a guess from the lines otherwise). */
  builder = new ConversationBuilder();
  readonly lines: LogLine[] = [];
  /** Bumped (at most once a frame) after lines were added or the state changed. */
  version = 0;
  loaded = false;
  live = false;
  error: string | null = null;
  finished: Finished | null = null;
  /** A finished execution's entries, as the server folded them, fetched as they are looked at (then the builder stays empty). */
  window: EntryWindow | null = null;
  /** Lines before the first one held are not here (a run that is not an agent's keeps its last KEEP_LINES). */
  earlier = false;
  #executor: string | undefined;
  #linesWanted = false;
  #linesReady = false;
  readonly #id: string;
  readonly #listeners = new Set<() => void>();
  #abort = new AbortController();
  #source: EventSource | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  #closed = false;
  #parked = false;
  #unpark: (() => void) | null = null;

  constructor(id: string) {
    this.#id = id;
  }

  get id(): string {
    return this.#id;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Top-level conversation entries (live array: do not mutate); of a finished run, those loaded so far. */
  entries(): readonly ConversationEntry[] {
    return this.window?.loaded() ?? this.builder.entries();
  }

  /** Changes when entries were added: re-flatten rows then. */
  get structureVersion(): number {
    return this.window !== null ? -1 - this.window.version : this.builder.structureVersion;
  }

  /** Whether `lines` holds the history (for a finished execution, after `wantLines`). */
  get linesReady(): boolean {
    return this.#linesReady;
  }

  /** Loads the whole history, then follows the live stream until `finished`. */
  async start(): Promise<void> {
    // For end-to-end tests: the model behind what is rendered.
    (window as unknown as { __tokenfoldLog?: LogModel }).__tokenfoldLog = this;
    try {
      // One set of marks: the latest log's.
      for (const m of LOAD_MARKS) performance.clearMarks(m);
      performance.mark('tf:log:start');
      const execution = knownFinished(this.#id) ?? (await getExecution(this.#id, this.#abort.signal));
      performance.mark('tf:log:execution');
      this.#executor = execution.executor;
      this.builder = new ConversationBuilder(execution.executor);
      // Only agent runs open on the Conversation tab; other executions keep their lines for the Raw tab.
      if (execution.status !== 'running' && isAgent(execution.executor)) await this.#loadFinished(execution);
      else {
        await this.#readLines(this.#addLine);
        this.#linesReady = true;
      }
      performance.mark('tf:log:loaded');
      this.loaded = true;
      this.#changed(true);
      this.#open();
      this.#unpark ??= parkWhenHidden({
        park: () => {
          this.#parked = true;
          clearTimeout(this.#retry);
          this.#source?.close();
          this.#source = null;
          this.live = false;
          this.#changed(false);
        },
        resume: () => {
          this.#parked = false;
          if (this.#source === null) this.#open();
        },
      });
    } catch (e) {
      this.#failed(e);
    }
  }

  /** Asks for `lines` (the Raw tab): a finished execution's conversation came without them. */
  wantLines(): void {
    if (this.#linesWanted) return;
    this.#linesWanted = true;
    if (this.window !== null) this.#loadLinesOnly();
  }

  #loadLinesOnly(): void {
    let last = -1;
    const push: OnLine = (seq, stream, text) => {
      if (seq <= last) return;
      last = seq;
      this.lines.push({ seq, stream, text });
    };
    this.#readLines(push).then(
      () => {
        this.#linesReady = true;
        this.#changed(true);
      },
      (e: unknown) => this.#failed(e),
    );
  }

  /**
   * A finished execution never changes: its conversation folded by the server, its last entries first (one small
   * request whatever the run's length, no fold here), older ones as the list scrolls to them, and no live stream.
   */
  async #loadFinished(e: Execution): Promise<void> {
    const path = `/api/executions/${encodeURIComponent(this.#id)}/logs`;
    const first = await EntryWindow.first(path, this.#abort.signal);
    this.window = new EntryWindow(
      path,
      first,
      this.#abort.signal,
      () => this.#changed(true),
      (err) => this.#failed(err),
    );
    this.finished = { status: e.status, exitCode: e.exitCode, signal: e.signal };
    if (this.#linesWanted) this.#loadLinesOnly();
  }

  /** Every history page (`folded` lines), each line to `onLine` as it downloads. */
  async #readLines(onLine: OnLine): Promise<void> {
    const path = `/api/executions/${encodeURIComponent(this.#id)}/logs`;
    if (this.#bounded) {
      // The last lines only, in one request: what came before them stays on the server.
      const { page, body } = await openLines(
        path,
        { format: 'folded', tail: KEEP_LINES },
        this.#abort.signal,
      );
      if (page.prevCursor !== null) this.earlier = true;
      await body(onLine);
      return;
    }
    const open = (cursor: number | undefined) =>
      openLines(path, { format: 'folded', limit: PAGE, cursor }, this.#abort.signal);
    let pending = open(undefined);
    let last = -1;
    for (;;) {
      const { page, body } = await pending;
      const more = page.nextCursor !== null;
      // The next page's request goes out before this body is read: its server work overlaps our parsing.
      if (more) {
        pending = open(page.nextCursor!);
        pending.catch(() => undefined); // a prefetched page may be abandoned (closed): not an unhandled rejection
      }
      const before = last;
      await body((seq, stream, text) => {
        if (seq > last) last = seq;
        onLine(seq, stream, text);
      });
      // A server that pages by an inclusive cursor may resend a line: stop if a page brought nothing new.
      if (!more || last === before) break;
    }
  }

  #failed(e: unknown): void {
    if (this.#closed) return;
    this.error = e instanceof Error ? e.message : String(e);
    this.#changed(true);
  }

  close(): void {
    this.#closed = true;
    this.#unpark?.();
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
    // A tenth over the bound before trimming: the builder is rebuilt from what is kept then.
    if (this.#bounded && this.lines.length > KEEP_LINES + KEEP_LINES / 10) this.#trim();
    return true;
  }

  /** Not an agent's run: its lines are kept to the last KEEP_LINES (its conversation is one entry per line). */
  get #bounded(): boolean {
    return this.#executor !== undefined && !isAgent(this.#executor);
  }

  #trim(): void {
    this.lines.splice(0, this.lines.length - KEEP_LINES);
    this.earlier = true;
    const b = new ConversationBuilder(this.#executor);
    for (const l of this.lines) b.apply(l.seq, l.text, l.stream);
    this.builder = b;
  }

  #open(): void {
    if (this.#closed || this.#parked || this.finished !== null) return;
    const last = this.builder.lastSeq;
    const es = new EventSource(
      apiUrl(`/api/executions/${encodeURIComponent(this.#id)}/stream`, {
        format: 'deltas',
        lastEventId: last >= 0 ? last : undefined,
      }),
    );
    this.#source = es;
    const onLine = (stream: 'stdout' | 'stderr') => (ev: MessageEvent<string>) => {
      const seq = Number(ev.lastEventId);
      // Event id = seq: a replay after a reconnect never duplicates a line.
      if (Number.isFinite(seq) && this.#add(seq, stream, ev.data)) this.#changed(false);
    };
    es.addEventListener(LINE_EVENTS.stdout, onLine('stdout'));
    es.addEventListener(LINE_EVENTS.stderr, onLine('stderr'));
    // Lines SSE cannot carry verbatim (a CR inside, another terminator, invalid UTF-8) come JSON-escaped, with their stream.
    es.addEventListener(LINE_EVENTS.escaped, (ev: MessageEvent<string>) => {
      const seq = Number(ev.lastEventId);
      const line = unescapeLine(ev.data);
      if (Number.isFinite(seq) && line !== null && this.#add(seq, line.stream, line.text))
        this.#changed(false);
    });
    es.addEventListener('open', () => {
      this.live = true;
      this.#changed(false);
    });
    es.addEventListener(FINISHED_EVENT, (ev: MessageEvent<string>) => {
      let f: Finished = { status: 'completed', exitCode: null, signal: null };
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

/** `{ stream, text }` or `{ stream, base64 }` (decoded lossily as UTF-8) from a `line-escaped` event. */
function unescapeLine(data: string): { stream: 'stdout' | 'stderr'; text: string } | null {
  try {
    const d = JSON.parse(data) as EscapedLine;
    const stream = d.stream === 'stderr' ? 'stderr' : 'stdout';
    if (typeof d.text === 'string') return { stream, text: d.text };
    if (typeof d.base64 === 'string')
      return {
        stream,
        text: new TextDecoder().decode(Uint8Array.from(atob(d.base64), (c) => c.charCodeAt(0))),
      };
  } catch {
    /* malformed: skip */
  }
  return null;
}
