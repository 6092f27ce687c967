// Stops a running execution (POST /api/executions/:id/stop).
import { useState } from 'react';
import { stopExecution, type Execution } from '../lib/api.js';

export function StopButton({ id, onStopped }: { id: string; onStopped?: (e: Execution) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <button
      type="button"
      className="btn btn-danger"
      data-testid="stop-button"
      disabled={busy}
      title={error ?? 'Stop this execution'}
      onClick={(ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        setBusy(true);
        stopExecution(id)
          .then((e) => onStopped?.(e))
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
          .finally(() => setBusy(false));
      }}
    >
      {busy ? 'Stopping…' : 'Stop'}
    </button>
  );
}
