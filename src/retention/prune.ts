// Applies a retention plan: one execution per transaction with event-loop turns between, then the space
// is given back to the file; reports what was removed and the file size before and after.
import type { LogStore } from '../store/contract.js';
import { reclaimAllSpace } from '../store/reclaim.js';
import { planPrune, type PruneItem, type RetentionPolicy } from './policy.js';

export interface PruneReport {
  removed: PruneItem[];
  /** Stored bytes of the removed executions' rows. */
  bytes: number;
  fileBytesBefore: number;
  fileBytesAfter: number;
  dryRun: boolean;
}

export interface PruneOptions {
  dryRun?: boolean;
  /** Deletes one execution (default: the store's deleteExecution; the server passes its manager's, which tells subscribers). */
  remove?: (id: string) => Promise<unknown>;
  /** Gives space back (default: reclaimAllSpace on the store). */
  reclaim?: () => Promise<void>;
  now?: number;
}

export async function prune(
  store: LogStore,
  policy: RetentionPolicy,
  o: PruneOptions = {},
): Promise<PruneReport> {
  const fileBytesBefore = await store.sizeBytes();
  const plan = await planPrune(store, policy, o.now);
  const removed: PruneItem[] = [];
  if (o.dryRun === true)
    return {
      removed: plan,
      bytes: sum(plan),
      fileBytesBefore,
      fileBytesAfter: fileBytesBefore,
      dryRun: true,
    };
  const remove = o.remove ?? ((id: string) => store.deleteExecution(id));
  for (const item of plan) {
    // Re-checked now: a plan is read before any delete, and the execution may have changed since.
    const current = await store.getExecution(item.execution.id);
    if (current === null || current.status === 'running') continue;
    await remove(item.execution.id);
    removed.push(item);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (removed.length > 0) await (o.reclaim ?? (() => reclaimAllSpace(store)))();
  return {
    removed,
    bytes: sum(removed),
    fileBytesBefore,
    fileBytesAfter: await store.sizeBytes(),
    dryRun: false,
  };
}

const sum = (items: readonly PruneItem[]) => items.reduce((n, x) => n + x.bytes, 0);
