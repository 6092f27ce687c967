// Recognises an agent format from its lines (`ingest --executor auto`, and the conversation of a run
// whose executor does not say). Pure and browser-safe: the web page's conversation builder uses it too.

export type DetectedFormat = 'claude-code' | 'codex' | 'gemini' | 'cursor' | 'qwen-code';

type Obj = Record<string, unknown>;
const CLAUDE_TYPES = new Set([
  'system',
  'stream_event',
  'assistant',
  'user',
  'result',
  'rate_limit_event',
  'tool_progress',
]);
const GEMINI_TYPES = new Set(['init', 'message', 'tool_use', 'tool_result']);

/** The format one parsed line belongs to, or null when the line does not tell. */
export function detectLine(o: Obj): DetectedFormat | null {
  const type = o.type;
  if (typeof type !== 'string') {
    if (typeof o.method === 'string' || (('result' in o || 'error' in o) && 'id' in o)) return 'codex'; // app-server JSON-RPC
    if ('id' in o && o.msg !== null && typeof o.msg === 'object') return 'codex'; // the old {"id","msg"} envelope
    return null;
  }
  if (/^(thread|turn|item)\./.test(type)) return 'codex';
  if (GEMINI_TYPES.has(type) && typeof o.timestamp === 'string') return 'gemini';
  if ((type === 'result' && 'stats' in o && 'status' in o) || (type === 'error' && 'severity' in o))
    return 'gemini';
  if (type === 'thinking' || type === 'tool_call' || 'model_call_id' in o || 'timestamp_ms' in o)
    return 'cursor';
  if (type === 'system' && o.subtype === 'init') {
    if (/qwen/i.test(`${String(o.model)} ${Object.keys(o).join(' ')}`)) return 'qwen-code';
    // Cursor's init has no tool list and no uuid; Claude Code's has both.
    if (!('tools' in o) && !('uuid' in o) && 'apiKeySource' in o) return 'cursor';
    return 'claude-code';
  }
  if (type === 'goal_state') return 'qwen-code';
  if (!CLAUDE_TYPES.has(type)) return null;
  if (type !== 'user' && type !== 'assistant' && type !== 'result') return 'claude-code';
  // Cursor prints user, assistant and result lines too, without what only Claude Code's carry.
  return 'uuid' in o || 'parent_tool_use_id' in o || claudeOnly(o) ? 'claude-code' : null;
}

/** A tool_result in a user line, a message id, an API error, or a result's turns, cost or usage. */
function claudeOnly(o: Obj): boolean {
  const m = o.message;
  if (m !== null && typeof m === 'object') {
    if ('id' in m) return true;
    const c = (m as Obj).content;
    if (
      Array.isArray(c) &&
      c.some((b) => b !== null && typeof b === 'object' && (b as Obj).type === 'tool_result')
    )
      return true;
  }
  return 'error' in o || 'num_turns' in o || 'total_cost_usd' in o || 'errors' in o || 'usage' in o;
}

/** The format of a stream from its first lines: the first line that tells (Claude Code when none does); null when none is JSON. */
export function detectFormat(lines: Iterable<string>, maxLines = 50): DetectedFormat | null {
  let json = false;
  let n = 0;
  for (const line of lines) {
    if (n++ >= maxLines) break;
    const o = parse(line);
    if (o === null) continue;
    json = true;
    const f = detectLine(o);
    if (f !== null) return f;
  }
  return json ? 'claude-code' : null;
}

function parse(line: string): Obj | null {
  const t = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  if (t.charCodeAt(0) !== 123) return null;
  try {
    const v: unknown = JSON.parse(t);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
  } catch {
    return null;
  }
}
