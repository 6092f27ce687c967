// Executions list: status, executor, kind, label, timing and volume, live; plus the new-execution form.
import { StatusBadge } from '../components/status-badge.js';
import { StopButton } from '../components/stop-button.js';
import type { Execution } from '../lib/api.js';
import { executionDuration, executionTitle, formatBytes, formatCount, formatStarted } from '../lib/format.js';
import { executionHref, navigate } from '../lib/route.js';
import { useNow } from '../lib/use-now.js';
import { NewExecutionForm } from './new-execution-form.js';
import { useExecutions } from './use-executions.js';

export function ExecutionsPage() {
  const { items, nextCursor, loading, error, loadMore, upsert } = useExecutions();
  const now = useNow(items.some((e) => e.status === 'running'));
  return (
    <div className="page">
      <NewExecutionForm
        onStarted={(e) => {
          upsert(e);
          navigate(executionHref(e.id));
        }}
      />
      <section className="card">
        <h2>Executions</h2>
        {error !== null && <div className="error-box">{error}</div>}
        {items.length === 0 && !loading && error === null && (
          <div className="empty">No executions yet. Start one above.</div>
        )}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="executions" data-testid="executions-table">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Executor</th>
                  <th>Kind</th>
                  <th>Label</th>
                  <th>Started</th>
                  <th className="num">Duration</th>
                  <th className="num">Lines</th>
                  <th className="num" title="stored log records (rows)">
                    Records
                  </th>
                  <th className="num">Bytes</th>
                  <th className="num">Deltas folded</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <ExecutionRow key={e.id} e={e} now={now} onStopped={upsert} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor !== null && (
          <button type="button" className="btn" data-testid="load-more" disabled={loading} onClick={loadMore}>
            Load more
          </button>
        )}
      </section>
    </div>
  );
}

function ExecutionRow({
  e,
  now,
  onStopped,
}: {
  e: Execution;
  now: number;
  onStopped: (e: Execution) => void;
}) {
  const href = executionHref(e.id);
  return (
    <tr
      className="execution-row"
      data-testid="execution-row"
      data-id={e.id}
      data-status={e.status}
      onClick={() => navigate(href)}
    >
      <td>
        <StatusBadge status={e.status} />
      </td>
      <td>{e.executor}</td>
      <td>{e.kind}</td>
      <td className="title-cell">
        <a href={href} onClick={(ev) => ev.stopPropagation()} title={e.prompt ?? e.command ?? undefined}>
          {executionTitle(e)}
        </a>
      </td>
      <td title={e.startedAt ?? e.createdAt}>{formatStarted(e.startedAt ?? e.createdAt)}</td>
      <td className="num">{executionDuration(e, now)}</td>
      <td className="num">{formatCount(e.lines)}</td>
      <td className="num" title={e.storage ? `${formatBytes(e.storage.bytes)} stored` : undefined}>
        {e.storage ? formatCount(e.storage.rows) : '–'}
      </td>
      <td className="num">{formatBytes(e.bytesIn)}</td>
      <td className="num">{formatCount(e.deltasFolded)}</td>
      <td className="actions">{e.status === 'running' && <StopButton id={e.id} onStopped={onStopped} />}</td>
    </tr>
  );
}
