// A minimal SSE client for tests: parses events, can drop the connection after N events, resumes by id.
import { request } from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Abort the connection after this many events (to test resume). */
  abortAfter?: number;
  onEvent?: (e: SseEvent) => void;
}

/** Reads an SSE response until the server ends it or `abortAfter` events; resolves with the events. */
export function readSse(url: string, o: SseOptions = {}): Promise<{ events: SseEvent[]; status: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const req = request(url, { headers: { accept: 'text/event-stream', ...o.headers } }, (res) => {
      let buf = '';
      let aborted = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (aborted) return;
        buf += chunk;
        let sep: number;
        while ((sep = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, sep);
          buf = buf.slice(sep + 2);
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
          if (!isEvent || data.length === 0) continue;
          e.data = data.join('\n');
          events.push(e);
          o.onEvent?.(e);
          if (o.abortAfter !== undefined && events.length >= o.abortAfter) {
            aborted = true;
            req.destroy();
            resolve({ events, status: res.statusCode ?? 0, aborted: true });
            return;
          }
        }
      });
      res.on('end', () => resolve({ events, status: res.statusCode ?? 0, aborted }));
      res.on('error', () => resolve({ events, status: res.statusCode ?? 0, aborted: true }));
    });
    req.on('error', (err) => (events.length > 0 ? resolve({ events, status: 0, aborted: true }) : reject(err)));
    req.end();
  });
}
