// The Codex thread a run belongs to (`codex exec resume THREAD_ID`, app-server `thread/resume`):
// `thread.started` (exec --json), the app-server's thread/start answer or `thread/started` notification,
// or the old envelope's `session_configured`.

/** The fields of the lines that name a thread (anything else is read as absent). */
interface CodexLine {
  type?: unknown;
  thread_id?: unknown;
  method?: unknown;
  params?: { thread?: { id?: unknown } };
  result?: { thread?: { id?: unknown } };
  msg?: { type?: unknown; session_id?: unknown };
}

export function codexSessionIdOf(lines: Iterable<string>): string | null {
  for (const line of lines) {
    if (!line.includes('thread') && !line.includes('session_configured')) continue;
    let o: CodexLine;
    try {
      o = JSON.parse(line) as CodexLine;
    } catch {
      continue;
    }
    const id =
      o?.type === 'thread.started'
        ? o.thread_id
        : o?.method === 'thread/started'
          ? o.params?.thread?.id
          : (o?.result?.thread?.id ?? (o?.msg?.type === 'session_configured' ? o.msg.session_id : undefined));
    if (typeof id === 'string' && id !== '') return id;
  }
  return null;
}
