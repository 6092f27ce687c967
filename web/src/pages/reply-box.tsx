// A follow-up prompt under a finished agent run: starts a run continuing its session (`resume`), then opens it.
import { useState, type FormEvent } from 'react';
import { isAgent, startExecution, type Execution } from '../lib/api.js';
import { executionHref, navigate } from '../lib/route.js';

export function ReplyBox({ execution }: { execution: Execution }) {
  const [prompt, setPrompt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (prompt.trim() === '') return;
    // A demo run in Claude Code's format is continued by the demo agent; any other run by its own agent.
    const executor =
      execution.label === 'demo agent' && execution.executor === 'claude-code'
        ? 'demo'
        : isAgent(execution.executor)
          ? execution.executor
          : null;
    if (executor === null) return; // not an agent run: nothing to continue (the box is shown under agent runs only)
    setBusy(true);
    setError(null);
    startExecution({ executor, prompt, resume: execution.id })
      .then((e) => navigate(executionHref(e.id)))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="card reply-box" onSubmit={submit} data-testid="reply-box">
      <textarea
        value={prompt}
        onChange={(e) => setPrompt(e.target.value)}
        placeholder="Reply to continue this session…"
        rows={3}
        aria-label="Follow-up prompt"
        disabled={busy}
      />
      <div className="reply-actions">
        {error !== null && <span className="error-inline">{error}</span>}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || prompt.trim() === ''}
          data-testid="reply-send"
        >
          {busy ? 'Starting…' : 'Reply'}
        </button>
      </div>
    </form>
  );
}
