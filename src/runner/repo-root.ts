// Finds the tokenfold package root from this module, whether it runs as TS source or compiled in dist/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding tokenfold's package.json: two levels above src/runner, three above dist/src/runner. */
export function repoRoot(): string {
  if (cached !== undefined) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (isTokenfoldPackage(dir)) return (cached = dir);
    if (dirname(dir) === dir) break;
  }
  // No package.json found (an unusual install): fall back on the known layout.
  return (cached = join(here, here.split(/[\\/]/).includes('dist') ? '../../..' : '../..'));
}

function isTokenfoldPackage(dir: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'tokenfold'
    );
  } catch {
    return false;
  }
}
