// Writes one scripted assistant turn as Anthropic Messages SSE (or as one JSON message), in small paced deltas.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

/** One assistant message to stream. */
export interface Turn {
  kind: 'turn';
  blocks: Block[];
  stopReason: StopReason;
}

/** An HTTP error the API would answer instead (e.g. 400 invalid_request_error, 529 overloaded_error). */
export interface ErrorReply {
  kind: 'error';
  status: number;
  type: string;
  message: string;
}

export type Reply = Turn | ErrorReply;

/** Pacing and chunking of the stream: a delay in [minMs, maxMs] before each delta, chunks of 1..maxChunk code points. */
export interface Pace {
  minMs: number;
  maxMs: number;
  maxChunk: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id shaped like the API's (`msg_01…`, `toolu_01…`, `req_01…`). */
export function apiId(prefix: string): string {
  const bytes = randomBytes(22);
  let s = `${prefix}_01`;
  for (const b of bytes) s += BASE62[b % 62];
  return s;
}

/** Splits text into chunks of 1..max code points (never inside a surrogate pair), like token-sized deltas. */
export function chunks(text: string, max: number, rand: () => number = Math.random): string[] {
  const cps = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < cps.length;) {
    const n = 1 + Math.floor(rand() * max);
    out.push(cps.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}

const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

function usage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
  };
}

function blockStart(b: Block): Record<string, unknown> {
  if (b.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  if (b.type === 'text') return { type: 'text', text: '' };
  return { type: 'tool_use', id: b.id, name: b.name, input: {} };
}

/** The deltas of one block, in the order the API sends them. */
function blockDeltas(b: Block, pace: Pace): Record<string, unknown>[] {
  if (b.type === 'thinking') {
    const d: Record<string, unknown>[] = chunks(b.thinking, pace.maxChunk * 2).map((t) => ({
      type: 'thinking_delta',
      thinking: t,
    }));
    d.push({ type: 'signature_delta', signature: b.signature });
    return d;
  }
  if (b.type === 'text') return chunks(b.text, pace.maxChunk).map((t) => ({ type: 'text_delta', text: t }));
  // The API opens a tool input with an empty partial_json, then streams the JSON text in pieces.
  const json = JSON.stringify(b.input);
  return [
    { type: 'input_json_delta', partial_json: '' },
    ...chunks(json, pace.maxChunk).map((p) => ({ type: 'input_json_delta', partial_json: p })),
  ];
}

function outputTokens(turn: Turn): number {
  return turn.blocks.reduce(
    (n, b) =>
      n +
      approxTokens(b.type === 'thinking' ? b.thinking : b.type === 'text' ? b.text : JSON.stringify(b.input)),
    0,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams `turn` as SSE; resolves once the response has ended (or the client went away). Returns the delta count. */
export async function streamTurn(
  res: ServerResponse,
  turn: Turn,
  o: { model: string; inputTokens: number; pace: Pace },
): Promise<number> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': apiId('req'),
  });
  let closed = false;
  res.on('close', () => (closed = true));
  const send = (event: string, data: unknown) => {
    if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const message = {
    id: apiId('msg'),
    type: 'message',
    role: 'assistant',
    model: o.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usage(o.inputTokens, 1),
  };
  send('message_start', { type: 'message_start', message });
  send('ping', { type: 'ping' });
  let deltas = 0;
  for (const [index, b] of turn.blocks.entries()) {
    send('content_block_start', { type: 'content_block_start', index, content_block: blockStart(b) });
    for (const delta of blockDeltas(b, o.pace)) {
      await sleep(o.pace.minMs + Math.random() * (o.pace.maxMs - o.pace.minMs));
      send('content_block_delta', { type: 'content_block_delta', index, delta });
      deltas++;
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  }
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: turn.stopReason, stop_sequence: null },
    usage: usage(o.inputTokens, outputTokens(turn)),
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
  return deltas;
}

/** The same turn as a non-streaming response body. */
export function messageJson(turn: Turn, o: { model: string; inputTokens: number }) {
  return {
    id: apiId('msg'),
    type: 'message',
    role: 'assistant',
    model: o.model,
    content: turn.blocks,
    stop_reason: turn.stopReason,
    stop_sequence: null,
    usage: usage(o.inputTokens, outputTokens(turn)),
  };
}

/** The API's error body: `{"type":"error","error":{"type":…,"message":…},"request_id":…}`. */
export function errorJson(e: { type: string; message: string }) {
  return { type: 'error', error: { type: e.type, message: e.message }, request_id: apiId('req') };
}
