// A minimal SSE client for tests: parses events, can drop the connection after N events, resumes by id.
import { request, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Abort the connection after this many events (to test resume). */
  abortAfter?: number;
  /** Called for each event; `res` lets a test pause reading (a slow client). */
  onEvent?: (e: SseEvent, res: IncomingMessage) => void;
  /** Keep the events in the result (default true; false for streams too large to hold). */
  keep?: boolean;
}

export interface SseResult {
  events: SseEvent[];
  /** Events received, kept or not. */
  count: number;
  status: number;
  aborted: boolean;
}

/** Reads an SSE response until the server ends it or `abortAfter` events; resolves with the events. */
export function readSse(url: string, o: SseOptions = {}): Promise<SseResult> {
  const keep = o.keep ?? true;
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let count = 0;
    const req = request(url, { headers: { accept: 'text/event-stream', ...o.headers } }, (res) => {
      let buf = '';
      let aborted = false;
      const done = (wasAborted: boolean) =>
        resolve({ events, count, status: res.statusCode ?? 0, aborted: wasAborted });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (aborted) return;
        buf += chunk;
        let at = 0;
        let sep: number;
        while ((sep = buf.indexOf('\n\n', at)) !== -1) {
          const block = buf.slice(at, sep);
          at = sep + 2;
          const e = parseBlock(block);
          if (e === null) continue;
          count++;
          if (keep) events.push(e);
          o.onEvent?.(e, res);
          if (o.abortAfter !== undefined && count >= o.abortAfter) {
            aborted = true;
            req.destroy();
            done(true);
            return;
          }
        }
        buf = buf.slice(at);
      });
      res.on('end', () => done(aborted));
      res.on('error', () => done(true));
    });
    req.on('error', (err) =>
      count > 0 ? resolve({ events, count, status: 0, aborted: true }) : reject(err),
    );
    req.end();
  });
}

function parseBlock(block: string): SseEvent | null {
  const e: SseEvent = { id: null, event: 'message', data: '' };
  const data: string[] = [];
  let isEvent = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'id') e.id = value;
    else if (field === 'event') e.event = value;
    else if (field === 'data') data.push(value);
    else continue;
    isEvent = true;
  }
  if (!isEvent || data.length === 0) return null;
  e.data = data.join('\n');
  return e;
}
