// The Claude Code session a run belongs to: `session_id` of its `system/init` line or its `result` line
// (`claude --resume SESSION_ID` continues it). Also Qwen Code's and Cursor's, which print the same lines.

/** The last session id an init or result line names, or null. Only lines that can hold one are parsed. */
export function claudeSessionIdOf(lines: Iterable<string>): string | null {
  let found: string | null = null;
  for (const line of lines) {
    // Cheap filter first: delta lines (tens of thousands) carry session_id too but are neither init nor result.
    if (!line.includes('"session_id"') || line.includes('"stream_event"')) continue;
    if (!line.includes('"result"') && !line.includes('"init"')) continue;
    const o = parse(line);
    if (o === null || typeof o.session_id !== 'string' || o.session_id === '') continue;
    if ((o.type === 'system' && o.subtype === 'init') || o.type === 'result') found = o.session_id;
  }
  return found;
}

function parse(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
