// Formatting for execution metadata (times and durations), on top of the shared number formats.
import { formatDuration } from 'tokenfold/conversation';
import type { Execution } from './api.js';

export { formatBytes, formatCount, formatDuration } from 'tokenfold/conversation';

/** Elapsed time: up to `now` while running, else to the end. */
export function executionDuration(e: Execution, now: number): string {
  const start = e.startedAt ?? e.createdAt;
  const from = Date.parse(start);
  const to = e.endedAt !== null ? Date.parse(e.endedAt) : e.status === 'running' ? now : NaN;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return '—';
  return formatDuration(Math.max(0, to - from));
}

export function formatStarted(iso: string | null): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

/** What an execution is about, in one line: its label, else its prompt or command. */
export function executionTitle(e: Execution): string {
  const text = e.label ?? e.prompt ?? e.command ?? e.id;
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl) + ' …';
}
