// Import progress on stderr: a bar redrawn in place (at most 10 times a second) on a terminal,
// a plain line every 2 seconds otherwise (logs, CI).
import type { ImportProgress } from './types.js';

export interface ProgressOutput {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface ProgressPrinter {
  update: (p: ImportProgress) => void;
  /** Clears the bar (terminal); call before printing anything else. */
  done: () => void;
}

const WIDTH = 24;

export function progressPrinter(out: ProgressOutput, now: () => number = Date.now): ProgressPrinter {
  const tty = out.isTTY === true;
  const every = tty ? 100 : 2000;
  let last = now();
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (t - last < every) return;
      last = t;
      if (tty) (out.write(`\r${bar(p)}\x1b[K`), (drawn = true));
      else out.write(plain(p) + '\n');
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}

function fraction(p: ImportProgress): number {
  return p.rowsTotal > 0
    ? Math.min(1, p.rowsDone / p.rowsTotal)
    : p.executionsTotal > 0
      ? p.executionsDone / p.executionsTotal
      : 1;
}

function rate(p: ImportProgress): number {
  return p.elapsedMs > 0 ? (p.rowsDone * 1000) / p.elapsedMs : 0;
}

/** Seconds left at the rate so far, as m:ss ('?' before anything was read). */
function eta(p: ImportProgress): string {
  const r = rate(p);
  if (r <= 0) return '?';
  const s = Math.round(Math.max(0, p.rowsTotal - p.rowsDone) / r);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function bar(p: ImportProgress): string {
  const fill = Math.round(fraction(p) * WIDTH);
  return `${p.phase} [${'#'.repeat(fill)}${'-'.repeat(WIDTH - fill)}] ${p.executionsDone}/${p.executionsTotal} executions  ${Math.round(rate(p)).toLocaleString('en-US')} rows/s  ETA ${eta(p)}`;
}

export function plain(p: ImportProgress): string {
  return `${p.phase}: ${p.executionsDone}/${p.executionsTotal} executions, ${p.rowsDone.toLocaleString('en-US')}/${p.rowsTotal.toLocaleString('en-US')} rows (${Math.round(100 * fraction(p))}%), ${Math.round(rate(p)).toLocaleString('en-US')} rows/s, ETA ${eta(p)}`;
}
