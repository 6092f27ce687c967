// The Gemini CLI session a run belongs to: `session_id` of its stream-json `init` line (`gemini --resume`).

export function geminiSessionIdOf(lines: Iterable<string>): string | null {
  for (const line of lines) {
    if (!line.includes('"init"') || !line.includes('"session_id"')) continue;
    try {
      const o = JSON.parse(line) as { type?: unknown; session_id?: unknown };
      if (o.type === 'init' && typeof o.session_id === 'string' && o.session_id !== '') return o.session_id;
    } catch {
      /* not JSON */
    }
  }
  return null;
}
