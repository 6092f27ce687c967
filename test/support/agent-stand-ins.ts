// One local HTTP server standing in for the model APIs of Codex (OpenAI Responses), Gemini CLI (Gemini
// streamGenerateContent) and Qwen Code (OpenAI chat completions): each streams one text answer in small deltas.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ANSWERS = {
  codex: 'Codex here: the build script compiles with tsc, then bundles the page.',
  gemini: 'Gemini here: run npm test to build and check everything.',
  'qwen-code': 'Qwen here: the server listens on 127.0.0.1 only.',
} as const;

export interface AgentStandIn {
  url: string;
  /** Every request body (JSON text), in order. */
  bodies: string[];
  close(): Promise<void>;
}

const pieces = (text: string) => text.split(/(?<= )/);
const pause = () => new Promise((r) => setTimeout(r, 5));

export async function startAgentStandIn(): Promise<AgentStandIn> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      void answer(req, res, body).catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

async function answer(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const path = req.url ?? '';
  const sse = () => res.writeHead(200, { 'content-type': 'text/event-stream' });
  const data = (o: object) => res.write(`data: ${JSON.stringify(o)}\n\n`);
  if (path.includes('/responses')) {
    sse();
    const ev = (type: string, o: object) =>
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`);
    const id = `resp_${Date.now()}`;
    const text = ANSWERS.codex;
    ev('response.created', { response: { id, object: 'response', status: 'in_progress', output: [] } });
    ev('response.output_item.added', {
      output_index: 0,
      item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] },
    });
    ev('response.content_part.added', {
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const delta of pieces(text))
      (ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta }),
        await pause());
    ev('response.output_text.done', { item_id: 'msg_1', output_index: 0, content_index: 0, text });
    const item = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    };
    ev('response.output_item.done', { output_index: 0, item });
    ev('response.completed', {
      response: {
        id,
        object: 'response',
        status: 'completed',
        output: [item],
        usage: {
          input_tokens: 100,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 15,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 115,
        },
      },
    });
    return void res.end();
  }
  if (path.includes(':streamGenerateContent')) {
    sse();
    for (const text of pieces(ANSWERS.gemini))
      (data({ candidates: [{ content: { role: 'model', parts: [{ text }] } }] }), await pause());
    data({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 12, totalTokenCount: 112 },
    });
    return void res.end();
  }
  if (path.includes(':generateContent')) {
    // Gemini CLI's model-routing call: it wants a JSON choice.
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(
      JSON.stringify({
        candidates: [
          {
            content: { role: 'model', parts: [{ text: '{"reasoning":"simple","model_choice":"flash"}' }] },
            finishReason: 'STOP',
          },
        ],
      }),
    );
  }
  if (path.includes('/chat/completions')) {
    const base = {
      id: `chatcmpl-${Date.now()}`,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: 'qwen3-coder-plus',
    };
    if (!body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: '{}' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
        }),
      );
    }
    sse();
    data({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    for (const content of pieces(ANSWERS['qwen-code']))
      (data({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] }), await pause());
    data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    data({ ...base, choices: [], usage: { prompt_tokens: 100, completion_tokens: 12, total_tokens: 112 } });
    return void res.end('data: [DONE]\n\n');
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{}');
}
