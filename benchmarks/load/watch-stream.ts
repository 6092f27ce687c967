// An SSE reader for the two-instance load benchmark: the raw view (every seq is an event), so each event
// id must be the previous + 1; counts gaps and duplicates, and measures delivery from the `_t` stamps.
import { request, type Agent } from 'node:http';
import { stampIn } from './sse-client.js';

export interface WatchResult {
  finished: boolean;
  /** The last id received (-1: none). */
  lastId: number;
  gaps: number;
  duplicates: number;
  error?: string;
}

export function watchStream(
  url: string,
  agent: Agent,
  onLatency: (ms: number) => void,
): { done: Promise<WatchResult>; close(): void } {
  const r: WatchResult = { finished: false, lastId: -1, gaps: 0, duplicates: 0 };
  let settle!: (v: WatchResult) => void;
  const done = new Promise<WatchResult>((resolve) => (settle = resolve));
  const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      return settle({ ...r, error: `HTTP ${res.statusCode}` });
    }
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      const now = Date.now();
      buf += chunk;
      let start = 0;
      let sep: number;
      while ((sep = buf.indexOf('\n\n', start)) !== -1) {
        if (buf.startsWith('id: ', start)) {
          const id = Number(buf.slice(start + 4, buf.indexOf('\n', start)));
          if (id <= r.lastId) r.duplicates++;
          else {
            if (id !== r.lastId + 1) r.gaps++;
            r.lastId = id;
          }
          const t = stampIn(buf, start, sep);
          if (t > 0) onLatency(now - t);
        } else if (buf.startsWith('event: finished\n', start)) r.finished = true;
        start = sep + 2;
      }
      buf = start === 0 ? buf : buf.slice(start);
    });
    res.on('end', () => settle(r));
    res.on('error', (err) => settle({ ...r, error: err.message }));
    res.on('close', () => settle(r));
  });
  req.on('error', (err) => settle({ ...r, error: err.message }));
  req.end();
  return { done, close: () => req.destroy() };
}
