// Opening a finished run: Debian Chromium navigates to 2.5k, 25k and 250k-delta runs served by tokenfold (until
// the run's last entry is drawn); the slow layout's server has no page, so its time is the API's whole history
// (request → last byte parsed), beside tokenfold's first page of entries. Sizes and layouts alternate, 5 rounds.
import { join } from 'node:path';
import { generateLargeRun } from '../src/demo/workload.js';
import { launchChromium } from '../test/e2e/browser.js';
import { seedSlow, seedTokenfold } from './load/seed.js';
import { startServer } from './load/server-process.js';
import { benchDir, median, printTable, row, saveResults } from './support.js';

const SIZES = [2_500, 25_000, 250_000];
const ROUNDS = 5;
const root = join(import.meta.dirname, '..', '..');
const dir = benchDir();
const slowDb = join(dir, 'open-slow.db');
const tfDb = join(dir, 'open-tokenfold.db');
const ids = seedSlow(
  slowDb,
  SIZES.map((n, i) => generateLargeRun(n, 40 + i)),
);
await seedTokenfold(root, slowDb, tfDb);

const tf = await startServer(
  process.execPath,
  [join(root, 'bin', 'tokenfold.js'), 'serve', '--port', '0', '--db', tfDb, '--quiet'],
  process.env,
);
const slow = await startServer(
  process.execPath,
  [join(root, 'dist', 'benchmarks', 'load', 'slow-server.js'), '--port', '0', '--db', slowDb],
  process.env,
);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

async function apiMs(url: string): Promise<number> {
  const t = performance.now();
  JSON.parse(await (await fetch(url)).text());
  return performance.now() - t;
}

// The run's last entry drawn: the row keyed by the last index of the total the page was told (no lookup here, so round 1 is cold).
// (A function, not a string: the page's CSP forbids eval. The benchmarks compile without the DOM types.)
const LAST_DRAWN = () => {
  type El = { dataset: Record<string, string> } | null;
  const d = (globalThis as unknown as { document: { querySelector(s: string): El } }).document;
  const c = d.querySelector('[data-testid="conversation"][data-total]');
  return c !== null && d.querySelector(`.vrow[data-vkey="t:${Number(c.dataset.total) - 1}"]`) !== null;
};

/** Navigation from the settled list page → the run's last entry in the DOM. */
async function pageMs(id: string): Promise<number> {
  await page.goto(tf.url + '/');
  await page.getByTestId('new-execution-form').waitFor();
  const t = performance.now();
  await page.goto(`${tf.url}/#/executions/${id}`);
  await page.waitForFunction(LAST_DRAWN, null, { polling: 'raf', timeout: 60_000 });
  return performance.now() - t;
}

const times = SIZES.map(() => ({ page: [] as number[], tfApi: [] as number[], slowApi: [] as number[] }));
const firstOpen: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const [i, id] of ids.entries()) {
    // The first round's open is the cold one: the server has built nothing for the run yet.
    const url = `${tf.url}/api/executions/${id}/logs?format=conversation&tail=60`;
    if (r === 0) {
      firstOpen.push(await pageMs(id));
      continue;
    }
    times[i]!.page.push(await pageMs(id));
    times[i]!.tfApi.push(await apiMs(url));
    times[i]!.slowApi.push(await apiMs(`${slow.url}/api/executions/${id}/logs`));
  }
}
await browser.close();
await Promise.all([tf.stop(), slow.stop()]);

const result = SIZES.map((deltas, i) => ({
  deltas,
  pageOpenMs: median(times[i]!.page),
  tokenfoldFirstPageApiMs: median(times[i]!.tfApi),
  slowWholeHistoryApiMs: median(times[i]!.slowApi),
}));
const ratio = result[2]!.pageOpenMs / result[0]!.pageOpenMs;
for (const r of result)
  process.stdout.write(
    `${r.deltas} deltas: page open ${r.pageOpenMs.toFixed(0)} ms; API first page ${r.tokenfoldFirstPageApiMs.toFixed(1)} ms vs slow layout whole history ${r.slowWholeHistoryApiMs.toFixed(0)} ms\n`,
  );
process.stdout.write(
  `ratio 250k/2.5k page open: ${ratio.toFixed(2)}; first round (the server had built nothing yet): ${firstOpen.map((m) => m.toFixed(0)).join(' / ')} ms\n`,
);
printTable(
  'open a finished run',
  result.map((r) =>
    row(
      `${r.deltas.toLocaleString('en')} deltas: API to the last entry`,
      r.slowWholeHistoryApiMs,
      r.tokenfoldFirstPageApiMs,
      'ms',
    ),
  ),
);
saveResults('open', {
  rounds: ROUNDS - 1,
  sizes: result,
  pageRatio250kTo2_5k: ratio,
  coldFirstOpenMs: firstOpen,
  rows: result.map((r) =>
    row(
      `${r.deltas.toLocaleString('en')} deltas: API to the last entry`,
      r.slowWholeHistoryApiMs,
      r.tokenfoldFirstPageApiMs,
      'ms',
    ),
  ),
});
