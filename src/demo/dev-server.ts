// Output of a dev server session (Vite or Next.js) with ANSI colours: banner, HMR updates, requests, a few warnings.
import { Rng } from './prng.js';

export interface DevServerOutput {
  lines: string[];
  stderr: string[];
  /** Session length in ms, from the first line to the last. */
  durationMs: number;
}

const E = '\u001b[';
const dim = (s: string) => `${E}2m${s}${E}22m`;
const bold = (s: string) => `${E}1m${s}${E}22m`;
const green = (s: string) => `${E}32m${s}${E}39m`;
const cyan = (s: string) => `${E}36m${s}${E}39m`;
const yellow = (s: string) => `${E}33m${s}${E}39m`;

const SOURCES = [
  'src/App.tsx',
  'src/main.tsx',
  'src/components/Header.tsx',
  'src/components/OrderTable.tsx',
  'src/pages/Settings.tsx',
  'src/hooks/useOrders.ts',
  'src/styles/index.css',
  'src/api/client.ts',
];
const ROUTES = ['/', '/orders', '/orders/[id]', '/settings', '/api/orders', '/api/health', '/login'];

/** About `targetLines` stdout lines (the workload uses ~124) and 1–4 stderr lines. */
export function devServerOutput(seed: number, targetLines = 124): DevServerOutput {
  const rng = new Rng(seed);
  return rng.chance(0.5) ? vite(rng, targetLines) : next(rng, targetLines);
}

function clock(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

function vite(rng: Rng, target: number): DevServerOutput {
  const name = rng.pick(['acme-dashboard', 'quill-editor', 'sprout-shop']);
  const port = rng.pick([5173, 5174, 3000]);
  const lines = [
    '',
    `> ${name}@0.${rng.int(1, 9)}.0 dev`,
    '> vite',
    '',
    '',
    `  ${bold(green(`VITE v${rng.pick(['5.4.11', '6.0.7', '7.1.3'])}`))}  ${dim(`ready in ${E}0m${bold(String(rng.int(180, 900)))}${dim(' ms')}`)}`,
    '',
    `  ${green('➜')}  ${bold('Local')}:   ${cyan(`http://localhost:${bold(String(port))}/`)}`,
    `  ${green('➜')}  ${bold('Network')}${dim(': use ')}${bold('--host')}${dim(' to expose')}`,
    `  ${green('➜')}  ${dim('press ')}${bold('h + enter')}${dim(' to show help')}`,
  ];
  let t = Date.UTC(2026, 2, 3, 9) + rng.int(0, 8 * 3600) * 1000;
  const start = t;
  while (lines.length < target) {
    t += rng.int(2, 240) * 1000;
    const tag = `${dim(clock(t))} ${bold(cyan('[vite]'))}`;
    const r = rng.next();
    const src = rng.pick(SOURCES);
    if (r < 0.7)
      lines.push(
        `${tag} ${green('hmr update ')}${dim('/' + src)}${rng.chance(0.3) ? yellow(` (x${rng.int(2, 9)})`) : ''}`,
      );
    else if (r < 0.85) lines.push(`${tag} ${green('page reload ')}${dim(src)}`);
    else if (r < 0.95)
      lines.push(
        `${tag} ${yellow('✨ new dependencies optimized: ')}${yellow(rng.pick(['date-fns', 'zod', 'clsx', '@tanstack/react-query']))}`,
      );
    else lines.push(`${tag} ${yellow('✨ optimized dependencies changed. reloading')}`);
  }
  const stderr = [
    `${dim(clock(t))} ${bold(cyan('[vite]'))} ${yellow('warning:')} ${rng.pick(SOURCES)} (${rng.int(3, 90)}:${rng.int(2, 40)}) "React" is declared but its value is never read.`,
  ];
  if (rng.chance(0.6))
    stderr.push(
      `${E}31m${dim(clock(t))} [vite] Internal server error: Failed to resolve import "./${rng.pick(['Badge', 'Spinner', 'utils/format'])}" from "${rng.pick(SOURCES)}". Does the file exist?${E}39m`,
    );
  if (rng.chance(0.5))
    stderr.push(
      'Browserslist: browsers data (caniuse-lite) is 7 months old. Please run:',
      '  npx update-browserslist-db@latest',
    );
  return { lines, stderr, durationMs: t - start };
}

function next(rng: Rng, target: number): DevServerOutput {
  const name = rng.pick(['beacon-web', 'atlas-search-ui', 'fjord-portal']);
  const lines = [
    '',
    `> ${name}@0.1.0 dev`,
    '> next dev --turbopack',
    '',
    `   ${bold(`${E}35m▲ Next.js ${rng.pick(['14.2.15', '15.1.4', '15.3.2'])}${E}39m`)} (Turbopack)`,
    '   - Local:        http://localhost:3000',
    `   - Network:      http://192.168.1.${rng.int(10, 90)}:3000`,
    '   - Environments: .env.local',
    '',
    ` ${green('✓')} Starting...`,
    ` ${green('✓')} Ready in ${(rng.int(8, 40) / 10).toFixed(1)}s`,
  ];
  let t = Date.UTC(2026, 2, 4, 9) + rng.int(0, 8 * 3600) * 1000;
  const start = t;
  while (lines.length < target) {
    t += rng.int(1, 180) * 1000;
    const route = rng.pick(ROUTES);
    const r = rng.next();
    if (r < 0.2) lines.push(` ${dim('○')} Compiling ${route} ...`);
    else if (r < 0.45)
      lines.push(
        ` ${green('✓')} Compiled ${route} in ${rng.int(80, 4000)}ms (${rng.int(300, 2400)} modules)`,
      );
    else {
      const status = rng.chance(0.9) ? 200 : rng.pick([304, 404, 500]);
      const col = status >= 500 ? `${E}31m` : status >= 400 ? `${E}33m` : `${E}32m`;
      lines.push(
        ` ${route.startsWith('/api') ? 'POST' : 'GET'} ${route.replace('[id]', String(rng.int(1000, 9999)))} ${col}${status}${E}39m in ${rng.int(4, 1800)}ms`,
      );
    }
  }
  const stderr = [` ${yellow('⚠')} Fast Refresh had to perform a full reload due to a runtime error.`];
  if (rng.chance(0.7))
    stderr.push(
      ` ${E}31m⨯${E}39m ${rng.pick(SOURCES)} (${rng.int(3, 90)}:${rng.int(2, 40)}) @ OrderTable`,
      ` ${E}31m⨯${E}39m TypeError: Cannot read properties of undefined (reading 'map')`,
    );
  return { lines, stderr, durationMs: t - start };
}
