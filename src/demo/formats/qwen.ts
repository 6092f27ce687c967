// Qwen Code prints Claude Code's stream-json: the demo run with Qwen's init and a `tool_progress`
// heartbeat before each slow tool result.
import type { TimedLine } from '../run-context.js';

type Obj = Record<string, unknown>;

export function* qwenLines(run: Iterable<TimedLine>): Generator<TimedLine> {
  const names = new Map<string, string>();
  for (const t of run) {
    const o = JSON.parse(t.line) as Obj;
    if (o.type === 'system' && o.subtype === 'init') {
      const { claude_code_version: _v, ...rest } = o;
      yield {
        line: JSON.stringify({ ...rest, model: 'qwen3-coder-plus', qwen_code_version: '0.2.1' }),
        delayMs: t.delayMs,
      };
      continue;
    }
    if (o.type === 'stream_event' && (o.event as Obj).type === 'content_block_start') {
      const cb = (o.event as Obj).content_block as Obj;
      if (cb.type === 'tool_use') names.set(String(cb.id), String(cb.name));
    }
    const result =
      o.type === 'user'
        ? (((o.message as Obj).content as Obj[] | undefined) ?? []).find((b) => b.type === 'tool_result')
        : undefined;
    if (result !== undefined && t.delayMs > 1000) {
      const id = String(result.tool_use_id);
      const half = Math.round(t.delayMs / 2);
      const progress = {
        type: 'tool_progress',
        tool_use_id: id,
        tool_name: names.get(id) ?? 'tool',
        parent_tool_use_id: o.parent_tool_use_id ?? null,
        elapsed_time_seconds: Math.round(half / 1000),
        uuid: `${String(o.uuid).slice(0, 24)}progress`,
        session_id: o.session_id,
      };
      yield { line: JSON.stringify(progress), delayMs: half };
      yield { line: t.line, delayMs: t.delayMs - half };
      continue;
    }
    yield t;
  }
}
