// One assistant message as Claude Code streams it: message_start, per block start/deltas/assistant/stop, message_delta, message_stop.
import type { Conversation, RunContext, TimedLine } from './run-context.js';

export type Block =
  | { type: 'thinking'; thinking: string; signature: string; pieces: string[] }
  | { type: 'text'; text: string; pieces: string[] }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; pieces: string[] };

/** Number of content_block_delta lines the block will print. */
export function deltaCount(b: Block): number {
  return b.pieces.length + (b.type === 'thinking' ? 1 : 0);
}

export function* emitMessage(
  ctx: RunContext,
  conv: Conversation,
  blocks: Block[],
  stopReason: 'tool_use' | 'end_turn',
  firstDelayMs: number,
): Generator<TimedLine> {
  const { rng } = ctx;
  const parent = conv.parent;
  const sid = ctx.sessionId;
  const haiku = conv.model.includes('haiku');
  const id = rng.messageId();
  const input = parent === null ? rng.int(1, 9) : 3;
  const cacheCreate = conv.pending;
  const cacheRead = conv.context;
  const cacheCreation = haiku
    ? { ephemeral_5m_input_tokens: cacheCreate, ephemeral_1h_input_tokens: 0 }
    : { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: cacheCreate };
  const usage = {
    input_tokens: input,
    cache_creation_input_tokens: cacheCreate,
    cache_read_input_tokens: cacheRead,
    cache_creation: cacheCreation,
    output_tokens: rng.int(1, 3),
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
  const ev = (event: object, delayMs: number) =>
    ctx.line(
      { type: 'stream_event', event, session_id: sid, parent_tool_use_id: parent, uuid: ctx.uuid() },
      delayMs,
    );
  const started = ctx.elapsed;
  let chars = 0;

  yield ev(
    {
      type: 'message_start',
      message: {
        model: conv.model,
        id,
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage,
      },
    },
    firstDelayMs,
  );
  for (let index = 0; index < blocks.length; index++) {
    const b = blocks[index]!;
    const gap = index === 0 ? rng.int(0, 3) : rng.int(20, 250);
    if (b.type === 'thinking') {
      yield ev(
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        },
        gap,
      );
      for (const p of b.pieces)
        yield ev(
          { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } },
          rng.int(15, 60),
        );
      yield ev(
        { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: b.signature } },
        rng.int(10, 40),
      );
      chars += b.thinking.length;
    } else if (b.type === 'text') {
      yield ev({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, gap);
      let first = true;
      for (const p of b.pieces)
        yield ev(
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } },
          first ? ((first = false), rng.int(5, 40)) : rng.int(15, 60),
        );
      chars += b.text.length;
    } else {
      yield ev(
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: b.id, name: b.name, input: {}, caller: { type: 'direct' } },
        },
        gap,
      );
      let first = true;
      for (const p of b.pieces)
        yield ev(
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } },
          first ? ((first = false), rng.int(0, 2)) : rng.int(15, 60),
        );
      for (const p of b.pieces) chars += p.length;
    }
    ctx.deltas += deltaCount(b);
    const content =
      b.type === 'thinking'
        ? { type: 'thinking', thinking: b.thinking, signature: b.signature }
        : b.type === 'text'
          ? { type: 'text', text: b.text }
          : { type: 'tool_use', id: b.id, name: b.name, input: b.input, caller: { type: 'direct' } };
    yield ctx.line(
      {
        type: 'assistant',
        message: {
          model: conv.model,
          id,
          type: 'message',
          role: 'assistant',
          content: [content],
          stop_reason: null,
          stop_sequence: null,
          stop_details: null,
          usage,
          context_management: null,
        },
        parent_tool_use_id: parent,
        session_id: sid,
        uuid: ctx.uuid(),
      },
      rng.int(1, 6),
    );
    yield ev({ type: 'content_block_stop', index }, rng.int(0, 2));
  }
  const output = Math.max(1, Math.round(chars / 3.7));
  const iteration = {
    input_tokens: input,
    output_tokens: output,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheCreate,
    cache_creation: cacheCreation,
    type: 'message',
  };
  yield ev(
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null },
      usage: {
        input_tokens: input,
        cache_creation_input_tokens: cacheCreate,
        cache_read_input_tokens: cacheRead,
        output_tokens: output,
        iterations: [iteration],
      },
      context_management: { applied_edits: [] },
    },
    rng.int(5, 30),
  );
  yield ev({ type: 'message_stop' }, rng.int(0, 1));

  ctx.apiMs += ctx.elapsed - started;
  const u = { input, cacheCreate, cacheRead, output };
  ctx.addUsage(conv.model, u);
  conv.lastUsage = u;
  conv.context += cacheCreate + input;
  conv.pending = output;
  if (parent === null) ctx.mainTurns++;
}
