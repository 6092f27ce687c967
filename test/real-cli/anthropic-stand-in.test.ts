// The Anthropic stand-in on its own (no CLI): SSE event order, deltas that rebuild the blocks, routing, other endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, SENTINELS, startAnthropicStandIn, type StandIn } from '../support/anthropic-stand-in.js';

interface SseEvent {
  event: string;
  data: any;
}

async function post(s: StandIn, body: unknown, path = '/v1/messages?beta=true'): Promise<Response> {
  return fetch(s.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) };
    });
}

const user = (text: string) => ({
  role: 'user',
  content: [
    { type: 'text', text: '<system-reminder>\nignored\n</system-reminder>\n' },
    { type: 'text', text },
  ],
});

describe('Anthropic Messages API stand-in', () => {
  let s: StandIn;
  const logged: string[] = [];
  beforeAll(async () => {
    s = await startAnthropicStandIn({ pace: { minMs: 0, maxMs: 1 }, log: (l) => logged.push(l) });
  });
  afterAll(() => s.close());

  it('streams thinking then text as SSE in API order, in many small deltas that rebuild the blocks', async () => {
    const res = await post(s, { model: 'm', stream: true, messages: [user(`go ${marker('thinking')}`)] });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    for (const e of events) expect(e.data.type).toBe(e.event);
    const deltas = events.filter((e) => e.event === 'content_block_delta');
    expect(deltas.length).toBeGreaterThan(300);
    const text = (i: number, type: string, field: string) =>
      deltas
        .filter((d) => d.data.index === i && d.data.delta.type === type)
        .map((d) => d.data.delta[field])
        .join('');
    expect(text(0, 'thinking_delta', 'thinking')).toMatch(new RegExp(`^${SENTINELS.thinkingThought}`));
    expect(text(0, 'signature_delta', 'signature').length).toBeGreaterThan(50);
    expect(text(1, 'text_delta', 'text')).toMatch(new RegExp(`^${SENTINELS.thinkingText}`));
    expect(events.at(-2)!.data.delta.stop_reason).toBe('end_turn');
    expect(s.requests.at(-1)).toMatchObject({ scenario: 'thinking', deltas: deltas.length, status: 200 });
  });

  it('routes by the last tool result: Bash → Write → Read → final text, with tool input as input_json_delta pieces', async () => {
    const messages: any[] = [user(`go ${marker('tools')}`)];
    const calls: string[] = [];
    for (let turn = 0; turn < 4; turn++) {
      const events = parseSse(
        await (
          await post(s, {
            model: 'm',
            stream: true,
            messages,
            system: [{ type: 'text', text: 'Primary working directory: /tmp/x\n' }],
          })
        ).text(),
      );
      const tool = events.find(
        (e) => e.event === 'content_block_start' && e.data.content_block.type === 'tool_use',
      );
      if (!tool) break;
      const json = events
        .filter((e) => e.event === 'content_block_delta' && e.data.index === tool.data.index)
        .map((e) => e.data.delta.partial_json)
        .join('');
      const { id, name } = tool.data.content_block;
      calls.push(`${name} ${json}`);
      messages.push({
        role: 'assistant',
        content: [{ type: 'tool_use', id, name, input: JSON.parse(json) }],
      });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] });
    }
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['Bash', 'Write', 'Read']);
    expect(JSON.parse(calls[1]!.slice(6))).toEqual({
      file_path: '/tmp/x/notes.txt',
      content: SENTINELS.noteContent,
    });
    expect(s.requests.at(-1)!.parsed!.toolResults.map((t) => t.toolName)).toEqual(['Bash', 'Write', 'Read']);
  });

  it('answers errors, non-streaming calls, token counts, and 404 with a log line for unknown paths', async () => {
    const err = await post(s, { model: 'm', stream: true, messages: [user(marker('error'))] });
    expect(err.status).toBe(400);
    expect(await err.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: SENTINELS.errorMessage },
    });
    const plain = await post(s, { model: 'm', messages: [user('a title please')] });
    expect(await plain.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [{ type: 'text' }],
      stop_reason: 'end_turn',
    });
    expect(logged.some((l) => l.includes('no scenario marker'))).toBe(true);
    const count = await post(s, { model: 'm', messages: [user('x')] }, '/v1/messages/count_tokens');
    expect((await count.json()).input_tokens).toBeGreaterThan(0);
    const unknown = await fetch(s.url + '/v1/models');
    expect(unknown.status).toBe(404);
    expect(s.unknown).toEqual(['GET /v1/models']);
  });
});
