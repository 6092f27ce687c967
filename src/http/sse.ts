// Server-Sent Events writer: precomputed prefixes; history written with backpressure (any size), live events
// batched per tick with a bound on what a slow client may queue.
import type { ServerResponse } from 'node:http';
import { Eol } from '../ingest/line.js';
import type { ReplayEntry } from '../replay/entry.js';
import { LINE_EVENTS, type EscapedLine } from '../protocol/sse-events.js';

/** Past this many queued live bytes a client is disconnected: it resumes with Last-Event-ID. */
const MAX_QUEUED = 16 * 1024 * 1024;
/** History goes out in writes of about this size, each waiting for the socket to drain when its buffer is full. */
const HISTORY_CHUNK = 64 * 1024;
const EOL_NAMES = ['lf', 'crlf', 'none'] as const;
const STDOUT_PREFIX = '\nevent: ' + LINE_EVENTS.stdout + '\ndata: ';
const STDERR_PREFIX = '\nevent: ' + LINE_EVENTS.stderr + '\ndata: ';
const ESCAPED_PREFIX = '\nevent: ' + LINE_EVENTS.escaped + '\ndata: ';

/** One line of the deltas/raw format as an SSE event. A line SSE cannot carry verbatim (CR, other terminator, bytes) goes JSON-escaped. */
export function lineEvent(e: ReplayEntry): string {
  if (e.text !== null && e.eol === Eol.Lf && e.text.indexOf('\r') === -1)
    return 'id: ' + e.seq + (e.stream === 'stderr' ? STDERR_PREFIX : STDOUT_PREFIX) + e.text + '\n\n';
  const data: EscapedLine =
    e.text !== null
      ? { stream: e.stream, text: e.text, eol: EOL_NAMES[e.eol] }
      : { stream: e.stream, base64: e.bytes!.toString('base64'), eol: EOL_NAMES[e.eol] };
  return 'id: ' + e.seq + ESCAPED_PREFIX + JSON.stringify(data) + '\n\n';
}

export function namedEvent(name: string, data: unknown, id?: number): string {
  return (
    (id !== undefined ? 'id: ' + id + '\n' : '') +
    'event: ' +
    name +
    '\ndata: ' +
    JSON.stringify(data) +
    '\n\n'
  );
}

export class SseWriter {
  readonly #res: ServerResponse;
  #closed = false;
  /** Events of one tick go out in one socket write (a write per line per subscriber was the load benchmark's biggest cost). */
  #pending = '';
  #scheduled = false;

  constructor(res: ServerResponse) {
    this.#res = res;
    res.on('close', () => (this.#closed = true));
  }

  open(headers: Record<string, string> = {}): void {
    this.#res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    this.#res.write(': tokenfold\nretry: 1000\n\n');
  }

  /** Called once the client has left (or the response ended). */
  onClose(fn: () => void): void {
    this.#res.on('close', fn);
  }

  /**
   * Writes bytes that are already SSE events (forwarded from another instance), whole events only; false
   * when the socket buffer is full (the caller pauses its source until `drain`).
   */
  forward(events: string): boolean {
    if (this.#closed) return false;
    return this.#res.write(events);
  }

  /** Waits until the socket takes more (or the client left). */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed || !this.#res.writableNeedDrain) return resolve();
      const done = () => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  line(e: ReplayEntry): void {
    this.#write(lineEvent(e));
  }

  event(name: string, data: unknown, id?: number): void {
    this.#write(namedEvent(name, data, id));
  }

  comment(text: string): void {
    this.#write(': ' + text + '\n\n');
  }

  /**
   * Writes history lines in ~64 KB writes, waiting for 'drain' whenever the socket buffer is full, so a
   * history of any size reaches a client at its own pace with only a chunk held here. Resolves false if the
   * client left. Live events must not be written meanwhile (the caller buffers them until this resolves).
   */
  async history(entries: readonly ReplayEntry[]): Promise<boolean> {
    let chunk = '';
    for (let i = 0; i < entries.length; i++) {
      chunk += lineEvent(entries[i]!);
      if (chunk.length >= HISTORY_CHUNK) {
        if (!(await this.writeDrained(chunk))) return false;
        chunk = '';
      }
    }
    return chunk === '' ? !this.#closed : this.writeDrained(chunk);
  }

  /** Writes `s` (after anything pending) and waits until the socket can take more; false if the client left. */
  async writeDrained(s: string): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#pending !== '') {
      s = this.#pending + s;
      this.#pending = '';
    }
    if (this.#res.write(s)) return true;
    await this.drained();
    return !this.#closed;
  }

  end(): void {
    this.#flush();
    if (!this.#closed) this.#res.end();
    this.#closed = true;
  }

  #write(s: string): void {
    if (this.#closed) return;
    this.#pending += s;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#closed || this.#pending === '') return;
    this.#res.write(this.#pending);
    this.#pending = '';
    if (this.#res.writableLength > MAX_QUEUED) this.#res.destroy();
  }
}
