// Builds the result entry (the run's summary line) from a `result` line.
import { num, str } from './content-text.js';
import type { Json, ResultEntry } from './types.js';

export function resultEntry(o: Json, parent: string | null, seq: number): ResultEntry {
  const u = (o.usage ?? {}) as Json;
  const errors = Array.isArray(o.errors) ? o.errors.filter((e) => typeof e === 'string').join('\n') : '';
  return {
    kind: 'result',
    id: `e${seq}`,
    parent,
    seq,
    isError: o.is_error === true,
    subtype: str(o.subtype) ?? '',
    durationMs: num(o.duration_ms),
    numTurns: num(o.num_turns),
    costUsd: num(o.total_cost_usd),
    usage: {
      inputTokens: num(u.input_tokens) ?? 0,
      outputTokens: num(u.output_tokens) ?? 0,
      cacheReadInputTokens: num(u.cache_read_input_tokens) ?? 0,
      cacheCreationInputTokens: num(u.cache_creation_input_tokens) ?? 0,
    },
    text: str(o.result) ?? (errors || str(o.subtype) || ''),
  };
}
