// A local stand-in of the Anthropic Messages API on 127.0.0.1: scripted, paced SSE streams for the real Claude Code CLI.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRequest, type ParsedRequest } from './anthropic-request.js';
import { route, type ScenarioName } from './anthropic-scenarios.js';
import { errorJson, messageJson, streamTurn, type Pace, type Turn } from './anthropic-sse.js';

export {
  marker,
  OVERLOADED_TIMES,
  SENTINELS,
  BASH_COMMAND,
  SUB_COMMAND,
  NOTE_FILE,
  type ScenarioName,
} from './anthropic-scenarios.js';

/** One request as the stand-in saw it. */
export interface RecordedRequest {
  method: string;
  /** As requested, query included. */
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (null when there was none or it was not JSON). */
  body: unknown;
  parsed: ParsedRequest | undefined;
  scenario: ScenarioName | 'sub' | 'unmatched' | undefined;
  status: number;
  /** content_block_delta events sent (streaming replies). */
  deltas: number;
}

export interface StandIn {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests to paths the stand-in does not serve (answered 404), as `METHOD path`. */
  unknown: string[];
  close: () => Promise<void>;
}

export interface StandInOptions {
  pace?: Partial<Pace>;
  /** Where to log unknown paths and unmatched prompts (default: stderr). */
  log?: (line: string) => void;
}

const DEFAULT_PACE: Pace = { minMs: 1, maxMs: 4, maxChunk: 6 };
const FALLBACK: Turn = {
  kind: 'turn',
  blocks: [{ type: 'text', text: 'Stand-in reply.' }],
  stopReason: 'end_turn',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_stand_in' });
  res.end(JSON.stringify(body));
}

export async function startAnthropicStandIn(o: StandInOptions = {}): Promise<StandIn> {
  const pace: Pace = { ...DEFAULT_PACE, ...o.pace };
  const log = o.log ?? ((line: string) => process.stderr.write(`[anthropic-stand-in] ${line}\n`));
  const requests: RecordedRequest[] = [];
  const unknown: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const rec: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '/',
      path,
      headers: req.headers,
      body,
      parsed: undefined,
      scenario: undefined,
      status: 200,
      deltas: 0,
    };
    requests.push(rec);
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      return sendJson(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      unknown.push(`${req.method} ${req.url}`);
      log(`unknown path: ${req.method} ${req.url}`);
      rec.status = 404;
      return sendJson(
        res,
        404,
        errorJson({ type: 'not_found_error', message: `stand-in does not serve ${req.method} ${path}` }),
      );
    }
    const parsed = (rec.parsed = parseRequest(body));
    const session = req.headers['x-claude-code-session-id'];
    const overloadedBefore = requests.filter(
      (q) => q.status === 529 && q.headers['x-claude-code-session-id'] === session,
    ).length;
    const routed = route(parsed, { overloadedBefore });
    if (!routed)
      log(
        `no scenario marker in prompt ${JSON.stringify(parsed.prompt.slice(0, 80))}: answering a short text`,
      );
    rec.scenario = routed?.scenario ?? 'unmatched';
    const reply = routed?.reply ?? FALLBACK;
    const inputTokens = Math.ceil(raw.length / 4);
    if (reply.kind === 'error') {
      rec.status = reply.status;
      return sendJson(res, reply.status, errorJson(reply));
    }
    if (!parsed.stream) return sendJson(res, 200, messageJson(reply, { model: parsed.model, inputTokens }));
    rec.deltas = await streamTurn(res, reply, { model: parsed.model, inputTokens, pace });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`handler failed: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, errorJson({ type: 'api_error', message: 'stand-in failed' }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    unknown,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
