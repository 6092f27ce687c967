// A lean SSE reader for the load benchmark: per `_t`-stamped event, delivery latency = arrival − `_t`.
import { request, type Agent } from 'node:http';

export interface StreamHandle {
  /** Resolves when the server ends the stream, or it is closed or fails. */
  done: Promise<{ finished: boolean; error?: string }>;
  close(): void;
}

export interface StreamOptions {
  agent: Agent;
  /** Called once per event that carries a `_t` stamp. */
  onLatency: (ms: number) => void;
}

/** Opens `url` (an SSE endpoint) and measures every event whose data holds `"_t":<ms>` (or `\"_t\":`). */
export function openStream(url: string, o: StreamOptions): StreamHandle {
  let finished = false;
  let settle!: (v: { finished: boolean; error?: string }) => void;
  const done = new Promise<{ finished: boolean; error?: string }>((r) => (settle = r));
  const req = request(url, { agent: o.agent, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      settle({ finished: false, error: `HTTP ${res.statusCode}` });
      return;
    }
    res.setEncoding('utf8');
    res.on(
      'data',
      eventSplitter((buf, start, end, now) => {
        const t = stampIn(buf, start, end);
        if (t > 0) o.onLatency(now - t);
        else if (!finished) finished = isFinished(buf, start, end);
      }),
    );
    res.on('end', () => settle({ finished }));
    res.on('error', (err) => settle({ finished, error: err.message }));
    res.on('close', () => settle({ finished }));
  });
  req.on('error', (err) => settle({ finished, error: err.message }));
  req.end();
  return { done, close: () => req.destroy() };
}

/**
 * A `data` handler for text chunks of an SSE body: calls `onEvent` with each complete event as the range
 * [start, end) of a buffer (no copy per event), and the chunk's arrival time.
 */
export function eventSplitter(
  onEvent: (buf: string, start: number, end: number, now: number) => void,
): (chunk: string) => void {
  let buf = '';
  return (chunk) => {
    const now = Date.now();
    buf += chunk;
    let start = 0;
    let sep: number;
    while ((sep = buf.indexOf('\n\n', start)) !== -1) {
      onEvent(buf, start, sep, now);
      start = sep + 2;
    }
    buf = start === 0 ? buf : buf.slice(start);
  };
}

/** The `_t` value inside event text [from, to), or 0. */
export function stampIn(s: string, from: number, to: number): number {
  let i = s.indexOf('_t', from);
  if (i < 0 || i >= to) return 0;
  i += 2;
  if (s.charCodeAt(i) === 92 /* \ */) i++;
  if (s.charCodeAt(i) !== 34 || s.charCodeAt(i + 1) !== 58) return 0; // `":`
  let t = 0;
  for (let j = i + 2; j < to; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  return t;
}

/** Events without a stamp are rare (keep-alives, `finished`): a regex on them is cheap enough. */
function isFinished(s: string, from: number, to: number): boolean {
  return /^event: finished$/m.test(s.slice(from, to));
}
