// `serve --retain-*`: the retention policy checked before the server starts, and its schedule once it listens.
import type { ExecutionManager } from '../live/execution-manager.js';
import { RetentionSchedule } from '../live/retention-schedule.js';
import { checkPolicy, describePolicy, parseDuration, policyFromFlags } from '../retention/index.js';

export interface ServeRetentionFlags {
  retainOlderThan?: string;
  retainKeepLast?: string;
  retainMaxBytes?: string;
  retainKind?: string;
  retainEvery?: string;
}

/** Null without retention options; otherwise a starter (options are validated now, before anything opens). */
export function retentionFromServeOptions(
  o: ServeRetentionFlags,
): ((manager: ExecutionManager, log: (line: string) => void) => RetentionSchedule) | null {
  const flags = {
    olderThan: o.retainOlderThan,
    keepLast: o.retainKeepLast,
    maxBytes: o.retainMaxBytes,
    kind: o.retainKind,
  };
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0 && o.retainEvery === undefined) return null;
  const policy = checkPolicy(policyFromFlags(given, '--retain-'), '--retain-');
  const everyMs = o.retainEvery === undefined ? undefined : parseDuration('--retain-every', o.retainEvery);
  return (manager, log) => {
    const schedule = new RetentionSchedule(manager, {
      policy,
      log,
      ...(everyMs !== undefined ? { everyMs } : {}),
    });
    log(`retention: ${describePolicy(policy)}, every ${Math.round((everyMs ?? 3_600_000) / 60_000)} min`);
    schedule.start();
    return schedule;
  };
}
