// Reads a generated Claude Code run as agent-neutral events (main agent only), keeping each line's delay:
// the other formats' demo runs are this run printed the way each agent prints it, at the same pace.
import type { TimedLine } from '../run-context.js';

type Obj = Record<string, unknown>;

export type DemoEvent =
  | { kind: 'init'; sessionId: string; cwd: string }
  | { kind: 'prompt'; text: string }
  | { kind: 'block-start'; block: 'text' | 'thinking' | 'tool_use'; index: number }
  | { kind: 'delta'; block: 'text' | 'thinking'; text: string }
  | { kind: 'block-stop'; block: 'text' | 'thinking'; text: string }
  | { kind: 'tool'; id: string; name: string; input: Obj }
  | { kind: 'tool-result'; id: string; text: string; isError: boolean }
  | {
      kind: 'result';
      text: string;
      durationMs: number;
      inputTokens: number;
      outputTokens: number;
      toolCalls: number;
    };

/** Events with the delay before each; lines that become nothing pass their delay on to the next event. */
export function* claudeEvents(run: Iterable<TimedLine>): Generator<{ event: DemoEvent; delayMs: number }> {
  let carried = 0;
  const blocks = new Map<number, { type: string; text: string; id: string; name: string }>();
  let tools = 0;
  for (const { line, delayMs } of run) {
    carried += delayMs;
    const o = JSON.parse(line) as Obj;
    if (o.parent_tool_use_id !== null && o.parent_tool_use_id !== undefined) continue; // sub-agents: Claude Code only
    for (const event of toEvents(o, blocks)) {
      if (event.kind === 'tool') tools++;
      if (event.kind === 'result') event.toolCalls = tools;
      yield { event, delayMs: carried };
      carried = 0;
    }
  }
}

function* toEvents(
  o: Obj,
  blocks: Map<number, { type: string; text: string; id: string; name: string }>,
): Generator<DemoEvent> {
  if (o.type === 'system' && o.subtype === 'init')
    yield { kind: 'init', sessionId: String(o.session_id), cwd: String(o.cwd) };
  else if (o.type === 'user' && o.isReplay === true)
    yield { kind: 'prompt', text: textOf((o.message as Obj).content) };
  else if (o.type === 'user') {
    for (const b of ((o.message as Obj).content ?? []) as Obj[]) {
      if (b.type === 'tool_result')
        yield {
          kind: 'tool-result',
          id: String(b.tool_use_id),
          text: textOf(b.content),
          isError: b.is_error === true,
        };
    }
  } else if (o.type === 'result') {
    const u = (o.usage ?? {}) as Obj;
    yield {
      kind: 'result',
      text: String(o.result ?? ''),
      durationMs: Number(o.duration_ms ?? 0),
      inputTokens: Number(u.input_tokens ?? 0),
      outputTokens: Number(u.output_tokens ?? 0),
      toolCalls: 0,
    };
  } else if (o.type === 'stream_event') {
    const e = o.event as Obj;
    const index = Number(e.index);
    if (e.type === 'content_block_start') {
      const cb = e.content_block as Obj;
      const type = String(cb.type);
      blocks.set(index, { type, text: '', id: String(cb.id ?? ''), name: String(cb.name ?? '') });
      if (type === 'text' || type === 'thinking' || type === 'tool_use')
        yield { kind: 'block-start', block: type, index };
    } else if (e.type === 'content_block_delta') {
      const b = blocks.get(index);
      const d = e.delta as Obj;
      if (b === undefined) return;
      const piece = String(d.text ?? d.thinking ?? d.partial_json ?? '');
      if (d.type === 'signature_delta') return;
      b.text += piece;
      if (b.type === 'text' || b.type === 'thinking') yield { kind: 'delta', block: b.type, text: piece };
    } else if (e.type === 'content_block_stop') {
      const b = blocks.get(index);
      blocks.delete(index);
      if (b === undefined) return;
      if (b.type === 'tool_use') yield { kind: 'tool', id: b.id, name: b.name, input: parseInput(b.text) };
      else if (b.type === 'text' || b.type === 'thinking')
        yield { kind: 'block-stop', block: b.type, text: b.text };
    }
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((b) => String((b as Obj).text ?? '')).join('\n') : '';
}

function parseInput(json: string): Obj {
  try {
    return JSON.parse(json || '{}') as Obj;
  } catch {
    return {};
  }
}
