// An SSE reader for the two-instance load benchmark, reconnecting as a browser does (after 1 s, with
// Last-Event-ID) until `finished`. The raw view has an event per seq, so each id must be the previous + 1:
// counts gaps and duplicates across reconnects, and measures delivery from the `_t` stamps.
import { request, type Agent } from 'node:http';
import { eventSplitter, stampIn } from './sse-client.js';

const RETRY_MS = 1000;

export interface WatchResult {
  finished: boolean;
  /** The last id received (-1: none). */
  lastId: number;
  gaps: number;
  duplicates: number;
  /** Times the stream ended without `finished` and was opened again. */
  reconnects: number;
  error?: string;
}

export function watchStream(
  url: string,
  agent: Agent,
  onLatency: (ms: number) => void,
): { done: Promise<WatchResult>; close(): void } {
  const r: WatchResult = { finished: false, lastId: -1, gaps: 0, duplicates: 0, reconnects: 0 };
  let settle!: (v: WatchResult) => void;
  const done = new Promise<WatchResult>((resolve) => (settle = resolve));
  let closed = false;
  let current: ReturnType<typeof request> | null = null;
  const connect = () => {
    let over = false;
    // One end per connection ('end', 'close' and 'error' may all fire): settle, or reconnect like EventSource.
    const ended = (error?: string) => {
      if (over) return;
      over = true;
      if (r.finished || closed) return settle(r);
      if (error !== undefined) r.error = error;
      r.reconnects++;
      setTimeout(connect, RETRY_MS);
    };
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (r.lastId >= 0) headers['last-event-id'] = String(r.lastId);
    current = request(url, { agent, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        over = true;
        return settle({ ...r, error: `HTTP ${res.statusCode}` });
      }
      res.setEncoding('utf8');
      res.on(
        'data',
        eventSplitter((buf, start, end, now) => {
          if (buf.startsWith('id: ', start)) {
            const id = Number(buf.slice(start + 4, buf.indexOf('\n', start)));
            if (id <= r.lastId) r.duplicates++;
            else {
              if (id !== r.lastId + 1) r.gaps++;
              r.lastId = id;
            }
            const t = stampIn(buf, start, end);
            if (t > 0) onLatency(now - t);
          } else if (buf.startsWith('event: finished\n', start)) r.finished = true;
        }),
      );
      res.on('end', () => ended());
      res.on('error', (err) => ended(err.message));
      res.on('close', () => ended());
    });
    current.on('error', (err) => ended(err.message));
    current.end();
  };
  connect();
  return {
    done,
    close: () => {
      closed = true;
      current?.destroy();
      settle(r);
    },
  };
}
