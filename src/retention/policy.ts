// Which executions a retention policy removes: never a running one; the newest `keepLast` are always kept.
import { invalid } from '../errors.js';
import type { LogStore } from '../store/contract.js';
import type { Execution, ExecutionKind } from '../store/types.js';
import { formatSize } from './units.js';

export interface RetentionPolicy {
  /** Remove executions that ended (or, never ended, were created) longer ago than this (ms). */
  olderThanMs?: number;
  /** Always keep the newest N finished executions (of `kind`); alone, remove all the others. */
  keepLast?: number;
  /** Remove the oldest executions (of `kind`) until their stored bytes are at most this. */
  maxBytes?: number;
  /** Only executions of this kind are considered. */
  kind?: ExecutionKind;
}

export interface PruneItem {
  execution: Execution;
  /** Its stored rows' bytes, and its derived records' (conversation pages). */
  bytes: number;
  reason: string;
}

export function checkPolicy(p: RetentionPolicy, prefix = '--'): RetentionPolicy {
  if (p.olderThanMs === undefined && p.keepLast === undefined && p.maxBytes === undefined) {
    throw invalid(
      'policy',
      `give at least one of ${prefix}older-than, ${prefix}keep-last, ${prefix}max-bytes`,
    );
  }
  return p;
}

export function describePolicy(p: RetentionPolicy): string {
  const parts: string[] = [];
  if (p.olderThanMs !== undefined) parts.push(`older than ${Math.round(p.olderThanMs / 3_600_000)}h`);
  if (p.keepLast !== undefined) parts.push(`keep the last ${p.keepLast}`);
  if (p.maxBytes !== undefined) parts.push(`at most ${formatSize(p.maxBytes)}`);
  if (p.kind !== undefined) parts.push(`kind ${p.kind}`);
  return parts.join(', ');
}

/** What `policy` removes now, oldest first. Reads the execution list and per-execution figures, writes nothing. */
export async function planPrune(
  store: LogStore,
  policy: RetentionPolicy,
  now = Date.now(),
): Promise<PruneItem[]> {
  const all = await listAll(store, policy.kind);
  // Newest first. A running execution is never removed and its bytes still count against the budget.
  const sized = await Promise.all(
    all.map(async (e) => {
      const f = await store.storageFigures(e.num);
      return { execution: e, bytes: f.bytes + f.derivedBytes };
    }),
  );
  const finished = sized.filter((x) => x.execution.status !== 'running');
  const candidates = finished.slice(policy.keepLast ?? 0);
  const marked = new Map<string, PruneItem>();
  if (policy.olderThanMs === undefined && policy.maxBytes === undefined) {
    for (const x of candidates)
      marked.set(x.execution.id, { ...x, reason: `beyond the last ${policy.keepLast}` });
  }
  if (policy.olderThanMs !== undefined) {
    const cutoff = now - policy.olderThanMs;
    for (const x of candidates) {
      if (Date.parse(x.execution.endedAt ?? x.execution.createdAt) < cutoff)
        marked.set(x.execution.id, { ...x, reason: 'older than the limit' });
    }
  }
  if (policy.maxBytes !== undefined) {
    let total = sized.reduce((n, x) => n + x.bytes, 0);
    for (const x of marked.values()) total -= x.bytes;
    for (let i = candidates.length - 1; i >= 0 && total > policy.maxBytes; i--) {
      const x = candidates[i]!;
      if (marked.has(x.execution.id)) continue;
      marked.set(x.execution.id, { ...x, reason: `over ${formatSize(policy.maxBytes)}` });
      total -= x.bytes;
    }
  }
  return [...marked.values()].sort((a, b) => a.execution.num - b.execution.num);
}

async function listAll(store: LogStore, kind: ExecutionKind | undefined): Promise<Execution[]> {
  const out: Execution[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listExecutions({
      limit: 1000,
      ...(kind !== undefined ? { kind } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    out.push(...page);
    if (page.length < 1000) return out;
    before = page[page.length - 1]!.num;
  }
}
