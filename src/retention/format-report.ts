// The lines `tokenfold prune` prints (and the server logs): what was removed, and the bytes reclaimed.
import type { PruneReport } from './prune.js';
import { formatSize } from './units.js';

export function formatPruneReport(r: PruneReport): string[] {
  const lines = r.removed.map((x) => {
    const e = x.execution;
    const title = (e.label ?? e.prompt ?? e.command ?? '').replace(/\s+/g, ' ').slice(0, 60);
    return `${r.dryRun ? 'would remove' : 'removed'} ${e.id}  ${e.kind}  ${e.status}  ${e.endedAt ?? e.createdAt}  ${formatSize(x.bytes)}  (${x.reason})${title ? `  ${title}` : ''}`;
  });
  const n = `${r.removed.length} execution${r.removed.length === 1 ? '' : 's'}`;
  if (r.dryRun) lines.push(`dry run: would remove ${n} (${formatSize(r.bytes)} stored); nothing was changed`);
  else {
    const reclaimed = Math.max(0, r.fileBytesBefore - r.fileBytesAfter);
    lines.push(
      `removed ${n} (${formatSize(r.bytes)} stored); database file ${formatSize(r.fileBytesBefore)} → ${formatSize(r.fileBytesAfter)} (${formatSize(reclaimed)} reclaimed)`,
    );
  }
  return lines;
}
