// Retention option values: durations (`30d`, `12h`) and sizes (`2GB`, `500MB`), named in their errors.
import { invalid } from '../errors.js';

const DURATION_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const SIZE_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** `30d`, `12h`, `90m`, `45s`, `2w` → milliseconds. */
export function parseDuration(field: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value.trim());
  if (m === null) throw invalid(field, `must be a duration such as 30d, 12h, 90m, 45s or 2w, got "${value}"`);
  return Number(m[1]) * DURATION_MS[m[2]!.toLowerCase()]!;
}

/** `2GB`, `500MB`, `1.5g`, `4096` (bytes; powers of 1024) → bytes. */
export function parseSize(field: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?b?)$/i.exec(value.trim());
  if (m === null) throw invalid(field, `must be a size such as 2GB, 500MB or 4096, got "${value}"`);
  return Math.floor(Number(m[1]) * SIZE_BYTES[m[2]!.toLowerCase()]!);
}

/** A non-negative integer count (`--keep-last`). */
export function parseCount(field: string, value: string): number {
  if (!/^\d{1,9}$/.test(value.trim())) throw invalid(field, `must be a whole number, got "${value}"`);
  return Number(value);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) ((n /= 1024), i++);
  return `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}
