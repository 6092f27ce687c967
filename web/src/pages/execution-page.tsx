// One execution: header (status, exit code, stop) and the Conversation | Raw tabs over one shared log.
import { useEffect, useState } from 'react';
import { DeleteButton } from '../components/delete-button.js';
import { StatusBadge } from '../components/status-badge.js';
import { StopButton } from '../components/stop-button.js';
import { ConversationView } from '../conversation/conversation-view.js';
import { useLogModel } from '../conversation/use-log-model.js';
import { downloadUrl, getExecution, isAgent, type Execution } from '../lib/api.js';
import { executionDuration, executionTitle, formatBytes, formatCount, formatStarted } from '../lib/format.js';
import { executionHref, navigate, type Tab } from '../lib/route.js';
import { useNow } from '../lib/use-now.js';
import { useServerEvents } from '../lib/use-server-events.js';
import { RawView } from '../raw/raw-view.js';
import { ReplyBox } from './reply-box.js';

export function ExecutionPage({ id, tab }: { id: string; tab: Tab | null }) {
  const [execution, setExecution] = useState<Execution | null>(null);
  const [error, setError] = useState<string | null>(null);
  const log = useLogModel(id);

  useEffect(() => {
    const ac = new AbortController();
    getExecution(id, ac.signal)
      .then(setExecution)
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, [id]);

  useServerEvents((ev) => {
    if ((ev.type === 'status' || ev.type === 'created') && ev.execution.id === id)
      setExecution((e) => ({ ...e, ...ev.execution }));
    else if (ev.type === 'progress' && ev.progress.id === id)
      setExecution((e) => (e === null ? e : { ...e, ...ev.progress }));
    else if (ev.type === 'created' && ev.execution.resumedFrom === id)
      setExecution((e) => (e === null ? e : { ...e, next: [...(e.next ?? []), ev.execution.id] }));
    else if (ev.type === 'deleted' && ev.id === id) navigate('#/');
    else if (ev.type === 'reconnected') void getExecution(id).then(setExecution, () => undefined);
  });

  // The log stream's `finished` event is the first sign of the end: refresh the execution for its final state.
  const finished = log.finished;
  useEffect(() => {
    if (finished === null) return;
    setExecution((e) =>
      e === null ? e : { ...e, status: finished.status as Execution['status'], exitCode: finished.exitCode },
    );
    void getExecution(id).then(setExecution, () => undefined);
  }, [finished, id]);

  const running = execution?.status === 'running' && finished === null;
  const now = useNow(running);
  const active: Tab = tab ?? (execution === null || isAgent(execution.executor) ? 'conversation' : 'raw');

  return (
    <div className="page execution-page">
      <header className="card exec-header">
        <a className="back" href="#/">
          ← Executions
        </a>
        {error !== null && <div className="error-box">{error}</div>}
        {execution !== null && (
          <>
            <div className="exec-title">
              <StatusBadge status={execution.status} />
              <h1 title={execution.prompt ?? execution.command ?? undefined}>{executionTitle(execution)}</h1>
              {running && <StopButton id={id} onStopped={setExecution} />}
              <DeleteButton id={id} running={running} onDeleted={() => navigate('#/')} />
            </div>
            <dl className="exec-meta">
              <Meta k="Executor" v={`${execution.executor} · ${execution.kind}`} />
              <Meta k="Started" v={formatStarted(execution.startedAt ?? execution.createdAt)} />
              <Meta k="Duration" v={executionDuration(execution, now)} />
              <Meta
                k="Exit code"
                v={execution.exitCode === null ? (execution.signal ?? '—') : String(execution.exitCode)}
                testId="exit-code"
              />
              <Meta k="Lines" v={formatCount(execution.lines)} />
              <Meta k="Bytes" v={formatBytes(execution.bytesIn)} />
              <Meta k="Deltas folded" v={formatCount(execution.deltasFolded)} />
              {execution.storage && (
                <Meta
                  k="Stored"
                  v={`${formatBytes(execution.storage.bytes)} in ${formatCount(execution.storage.rows)} ${execution.storage.rows === 1 ? 'row' : 'rows'}`}
                />
              )}
              {execution.cwd && <Meta k="Directory" v={execution.cwd} />}
            </dl>
            <div className="exec-actions">
              <span>Download:</span>
              <a href={downloadUrl(id, 'raw')} download data-testid="download-raw">
                raw output
              </a>
              {execution.kind === 'coding-agent' && (
                <a href={downloadUrl(id, 'conversation')} download data-testid="download-conversation">
                  conversation
                </a>
              )}
              {execution.previous && (
                <a href={executionHref(execution.previous)} data-testid="session-previous">
                  ← previous in session
                </a>
              )}
              {execution.next?.map((n, i) => (
                <a key={n} href={executionHref(n)} data-testid="session-next">
                  {execution.next!.length > 1 ? `follow-up ${i + 1} →` : 'next in session →'}
                </a>
              ))}
            </div>
          </>
        )}
        <nav className="tabs" role="tablist">
          <a
            role="tab"
            href={executionHref(id, 'conversation')}
            aria-selected={active === 'conversation'}
            data-testid="tab-conversation"
          >
            Conversation
          </a>
          <a
            role="tab"
            href={executionHref(id, 'raw')}
            aria-selected={active === 'raw'}
            data-testid="tab-raw"
          >
            Raw
          </a>
          <span className={`live-dot${log.live ? ' on' : ''}`} title={log.live ? 'Live' : 'Not connected'}>
            {log.live ? 'live' : finished !== null || (execution !== null && !running) ? '' : 'connecting…'}
          </span>
        </nav>
      </header>
      <section className="exec-body">
        {active === 'conversation' ? <ConversationView log={log} running={running} /> : <RawView log={log} />}
      </section>
      {execution !== null && !running && isAgent(execution.executor) && execution.kind === 'coding-agent' && (
        <ReplyBox execution={execution} />
      )}
    </div>
  );
}

function Meta({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <div>
      <dt>{k}</dt>
      <dd data-testid={testId}>{v}</dd>
    </div>
  );
}
