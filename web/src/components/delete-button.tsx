// Deletes an execution after a confirmation (DELETE /api/executions/:id; a running one is stopped first).
import { useState } from 'react';
import { deleteExecution } from '../lib/api.js';

export function DeleteButton({
  id,
  running,
  onDeleted,
}: {
  id: string;
  running: boolean;
  onDeleted: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirming) {
    return (
      <button
        type="button"
        className="btn btn-danger"
        data-testid="delete-button"
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
    );
  }
  return (
    <span className="confirm" role="alertdialog" aria-label="Confirm deletion">
      <span>{running ? 'Stop it and delete it with its output?' : 'Delete this run and its output?'}</span>
      <button
        type="button"
        className="btn btn-danger"
        data-testid="delete-confirm"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          deleteExecution(id, running)
            .then(onDeleted)
            .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Deleting…' : 'Delete'}
      </button>
      <button type="button" className="link-btn" onClick={() => setConfirming(false)} disabled={busy}>
        Cancel
      </button>
      {error !== null && <span className="error-inline">{error}</span>}
    </span>
  );
}
