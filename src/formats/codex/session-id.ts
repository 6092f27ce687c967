// The Codex thread a run belongs to (`codex exec resume THREAD_ID`, app-server `thread/resume`):
// `thread.started` (exec --json), the app-server's thread/start answer or `thread/started` notification,
// or the old envelope's `session_configured`.

export function codexSessionIdOf(lines: Iterable<string>): string | null {
  for (const line of lines) {
    if (!line.includes('thread') && !line.includes('session_configured')) continue;
    let o: Record<string, any>;
    try {
      o = JSON.parse(line);
    } catch {
      continue;
    }
    const id = o?.type === 'thread.started' ? o.thread_id : o?.method === 'thread/started' ? o.params?.thread?.id : o?.result?.thread?.id ?? (o?.msg?.type === 'session_configured' ? o.msg.session_id : undefined);
    if (typeof id === 'string' && id !== '') return id;
  }
  return null;
}
