// Opening a finished run: Debian Chromium navigates to 2.5k, 25k and 250k-delta runs served by tokenfold (until
// the run's last entry is drawn); the slow layout's server has no page, so its time is the API's whole history
// (request → last byte parsed), beside tokenfold's first page of entries. Sizes and layouts alternate, 5 rounds.
// Cold opens: a server started for each open (nothing built or cached) and a new browser context (nothing
// cached) loading the run's URL directly, with the runs' stored conversation pages and without them (a
// database written before pages: the server builds the conversation from the history on that first open).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
const tImport = performance.now();
await seedTokenfold(root, slowDb, tfDb);
const importMs = performance.now() - tImport;
// The same database as an earlier version left it: no conversation pages.
const noPagesDb = join(dir, 'open-tokenfold-no-pages.db');
copyFileSync(tfDb, noPagesDb);
{
  const db = new Database(noPagesDb);
  const pageBytes = (
    db.prepare('SELECT coalesce(sum(length(body)), 0) AS n FROM derived_records').get() as { n: number }
  ).n;
  db.prepare('DELETE FROM derived_records').run();
  db.close();
  process.stdout.write(`import ${importMs.toFixed(0)} ms; conversation pages stored: ${pageBytes} bytes\n`);
}
const serve = (db: string) =>
  startServer(
    process.execPath,
    [join(root, 'bin', 'tokenfold.js'), 'serve', '--port', '0', '--db', db, '--quiet'],
    process.env,
  );

const browser = await launchChromium();
const VIEWPORT = { width: 1280, height: 900 };

// The run's last entry drawn: the row keyed by the last index of the total the page was told.
// (A function, not a string: the page's CSP forbids eval. The benchmarks compile without the DOM types.)
const LAST_DRAWN = () => {
  type El = { dataset: Record<string, string> } | null;
  const d = (globalThis as unknown as { document: { querySelector(s: string): El } }).document;
  const c = d.querySelector('[data-testid="conversation"][data-total]');
  return c !== null && d.querySelector(`.vrow[data-vkey="t:${Number(c.dataset.total) - 1}"]`) !== null;
};

/** A server started for this open and a fresh browser context: navigation to the run's URL → its last entry drawn. */
async function coldOpenMs(db: string, id: string): Promise<number> {
  const server = await serve(db);
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  try {
    const p = await ctx.newPage();
    const t = performance.now();
    await p.goto(`${server.url}/#/executions/${id}`);
    await p.waitForFunction(LAST_DRAWN, null, { polling: 'raf', timeout: 60_000 });
    return performance.now() - t;
  } finally {
    await ctx.close();
    await server.stop();
  }
}

const COLD_ROUNDS = 5;
const cold = SIZES.map(() => ({ pages: [] as number[], noPages: [] as number[] }));
for (let r = 0; r < COLD_ROUNDS; r++) {
  // Sizes alternate (forwards, then backwards), and with and without pages: this machine's speed drifts.
  const order = r % 2 === 0 ? [...ids.keys()] : [...ids.keys()].reverse();
  for (const i of order) {
    cold[i]!.pages.push(await coldOpenMs(tfDb, ids[i]!));
    cold[i]!.noPages.push(await coldOpenMs(noPagesDb, ids[i]!));
  }
}

const tf = await serve(tfDb);
const slow = await startServer(
  process.execPath,
  [join(root, 'dist', 'benchmarks', 'load', 'slow-server.js'), '--port', '0', '--db', slowDb],
  process.env,
);
const page = await browser.newPage({ viewport: VIEWPORT });

async function apiMs(url: string): Promise<number> {
  const t = performance.now();
  JSON.parse(await (await fetch(url)).text());
  return performance.now() - t;
}

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
    // The first round's open is the server's first of the run (its page script is loaded already).
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
  coldOpenMs: median(cold[i]!.pages),
  coldOpenNoPagesMs: median(cold[i]!.noPages),
  pageOpenMs: median(times[i]!.page),
  tokenfoldFirstPageApiMs: median(times[i]!.tfApi),
  slowWholeHistoryApiMs: median(times[i]!.slowApi),
}));
const ratio = result[2]!.pageOpenMs / result[0]!.pageOpenMs;
for (const r of result)
  process.stdout.write(
    `${r.deltas} deltas: page open ${r.pageOpenMs.toFixed(0)} ms; API first page ${r.tokenfoldFirstPageApiMs.toFixed(1)} ms vs slow layout whole history ${r.slowWholeHistoryApiMs.toFixed(0)} ms\n`,
  );
const coldRatio = result[2]!.coldOpenMs / result[0]!.coldOpenMs;
const coldRatioNoPages = result[2]!.coldOpenNoPagesMs / result[0]!.coldOpenNoPagesMs;
process.stdout.write(
  `ratio 250k/2.5k page open: ${ratio.toFixed(2)}; first open on the warm server's page: ${firstOpen.map((m) => m.toFixed(0)).join(' / ')} ms\n`,
);
for (const r of result)
  process.stdout.write(
    `${r.deltas} deltas: cold open (new server, new browser context) ${r.coldOpenMs.toFixed(0)} ms with pages, ${r.coldOpenNoPagesMs.toFixed(0)} ms without (median of ${COLD_ROUNDS})\n`,
  );
process.stdout.write(
  `ratio 250k/2.5k cold open: ${coldRatio.toFixed(2)} with pages, ${coldRatioNoPages.toFixed(2)} without\n`,
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
  coldRounds: COLD_ROUNDS,
  importMs,
  pageRatio250kTo2_5k: ratio,
  coldRatio250kTo2_5k: coldRatio,
  coldRatioNoPages250kTo2_5k: coldRatioNoPages,
  coldOpens: cold,
  firstOpenWarmServerMs: firstOpen,
  rows: result.map((r) =>
    row(
      `${r.deltas.toLocaleString('en')} deltas: API to the last entry`,
      r.slowWholeHistoryApiMs,
      r.tokenfoldFirstPageApiMs,
      'ms',
    ),
  ),
});
