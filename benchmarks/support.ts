// Shared benchmark helpers: timing, medians, file sizes, result files and side-by-side tables.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'benchmarks', 'results');

export function benchDir(): string {
  return mkdtempSync(join(tmpdir(), 'tokenfold-bench-'));
}

export { databaseFileBytes as fileBytes } from '../src/store/sqlite/file-bytes.js';

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export interface Row {
  metric: string;
  slow: number;
  tokenfold: number;
  unit: string;
  /** How many times better tokenfold is (slow/tokenfold for costs). */
  ratio: number;
}

export function row(
  metric: string,
  slow: number,
  tokenfold: number,
  unit: string,
  higherIsBetter = false,
): Row {
  return { metric, slow, tokenfold, unit, ratio: higherIsBetter ? tokenfold / slow : slow / tokenfold };
}

export function printTable(title: string, rows: Row[]): void {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const lines = [
    ['metric', 'slow layout', 'tokenfold', 'unit', 'tokenfold better by'],
    ...rows.map((r) => [
      r.metric,
      fmt(r.slow),
      fmt(r.tokenfold),
      r.unit,
      Number.isFinite(r.ratio) ? `${r.ratio.toFixed(1)}×` : '—',
    ]),
  ];
  const w = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  process.stdout.write(
    `\n${title}\n` +
      lines
        .map((l) => l.map((c, i) => (i === 0 || i === 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  '))
        .join('\n') +
      '\n',
  );
}

export function saveResults(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, ...(data as object) }, null, 2) +
      '\n',
  );
  return file;
}

/** Periodic progress lines (benchmarks run for minutes). */
export function progress(label: string, every = 2000): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < every && done < total) return;
    last = now;
    process.stderr.write(`  ${label}: ${done}/${total} (${Math.round((100 * done) / total)}%)\n`);
  };
}
