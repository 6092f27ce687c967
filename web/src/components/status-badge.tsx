// Coloured execution status badge.
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {status === 'running' && <span className="pulse" aria-hidden />}
      {status}
    </span>
  );
}
