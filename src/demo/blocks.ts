// Builds content blocks with a chosen number of deltas: text, thinking, tool_use.
import type { Block } from './assistant-message.js';
import { markdown, preamble, sentence, thinking } from './prose.js';
import type { RunContext } from './run-context.js';
import { apiJson, splitJson, splitText } from './split-deltas.js';

/** Characters one delta carries on average for the run's style. */
function charsPerDelta(ctx: RunContext): number {
  return ctx.style === 'word' ? 6.2 : ctx.rng.int(65, 110);
}

/** A text block of exactly `k` text_delta pieces. */
export function textBlock(ctx: RunContext, k: number, lead?: string): Block {
  const { rng, topic } = ctx;
  const min = Math.max(k, Math.round(k * charsPerDelta(ctx)));
  let text: string;
  if (min < 160) {
    text = lead ?? preamble(rng, topic);
    while (text.length < min) text += ' ' + sentence(rng, topic);
  } else
    text =
      lead === undefined
        ? markdown(rng, topic, min)
        : `${lead}\n\n${markdown(rng, topic, min - lead.length - 2)}`;
  return { type: 'text', text, pieces: splitText(text, k, ctx.style, rng) };
}

/** A thinking block of `k` thinking_delta pieces, then its signature_delta. */
export function thinkingBlock(ctx: RunContext, k: number, first: boolean): Block {
  const { rng, topic } = ctx;
  const text = thinking(rng, topic, Math.max(k, Math.round(k * charsPerDelta(ctx))), first);
  return {
    type: 'thinking',
    thinking: text,
    signature: rng.signature(),
    pieces: splitText(text, k, ctx.style, rng),
  };
}

export function toolUseBlock(
  ctx: RunContext,
  id: string,
  name: string,
  input: Record<string, unknown>,
): Block {
  return { type: 'tool_use', id, name, input, pieces: splitJson(apiJson(input), ctx.rng) };
}

/** Delta count for a text block: mostly short lines before a tool call, sometimes a long explanation. */
export function textSize(ctx: RunContext, room: number): number {
  const { rng } = ctx;
  const w = ctx.style === 'word' ? 8 : 1;
  const r = rng.next();
  const k = r < 0.7 ? rng.int(1, 3) * w : r < 0.95 ? rng.int(4, 20) * w : rng.int(25, 120) * w;
  return Math.max(1, Math.min(k, Math.floor(room / 2)));
}
