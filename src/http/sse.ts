// Server-Sent Events writer with precomputed prefixes and a bound on what a slow client may queue.
import type { ServerResponse } from 'node:http';
import { Eol } from '../ingest/line.js';
import type { ReplayEntry } from '../replay/entry.js';

/** Past this many queued bytes a client is disconnected: it resumes with Last-Event-ID. */
const MAX_QUEUED = 16 * 1024 * 1024;
const EOL_NAMES = ['lf', 'crlf', 'none'] as const;

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
    this.#res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no', ...headers });
    this.#res.write(': tokenfold\nretry: 1000\n\n');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** One line of the deltas/raw format. A line SSE cannot carry verbatim (CR, other terminator, bytes) goes JSON-escaped. */
  line(e: ReplayEntry): void {
    if (e.text !== null && e.eol === Eol.Lf && e.text.indexOf('\r') === -1) this.#write('id: ' + e.seq + '\nevent: line\ndata: ' + e.text + '\n\n');
    else {
      const data = e.text !== null ? { text: e.text, eol: EOL_NAMES[e.eol] } : { base64: e.bytes!.toString('base64'), eol: EOL_NAMES[e.eol] };
      this.#write('id: ' + e.seq + '\nevent: line-escaped\ndata: ' + JSON.stringify(data) + '\n\n');
    }
  }

  event(name: string, data: unknown, id?: number): void {
    this.#write((id !== undefined ? 'id: ' + id + '\n' : '') + 'event: ' + name + '\ndata: ' + JSON.stringify(data) + '\n\n');
  }

  comment(text: string): void {
    this.#write(': ' + text + '\n\n');
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
