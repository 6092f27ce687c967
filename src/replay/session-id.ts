// The agent session a stored run belongs to, read from its output by its format's `sessionIdOf`.
import { formatFor } from '../formats/registry.js';
import type { LogRecord } from '../records/types.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import { foldedEntries } from './folded.js';
import { readRecords } from './read-history.js';

/** Null when the executor cannot resume or the run printed no session id. */
export async function sessionIdOfExecution(
  store: LogStore,
  execution: Pick<Execution, 'num' | 'executor'>,
  unpersisted: readonly LogRecord[] = [],
): Promise<string | null> {
  const sessionIdOf = formatFor(execution.executor)?.sessionIdOf;
  if (sessionIdOf === undefined) return null;
  // Folded: one line per content block instead of one per delta (the id is on init and result lines anyway).
  const entries = foldedEntries(await readRecords(store, execution, unpersisted));
  return sessionIdOf(
    (function* () {
      for (const e of entries) if (e.stream === 'stdout' && e.text !== null) yield e.text;
    })(),
  );
}
