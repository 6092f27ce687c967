// End-to-end: a run that is not an agent's (a dev server, a script) printing more lines than the page keeps.
// Chromium must hold only the last KEEP_LINES, say that earlier ones are in the download, and keep following a
// running one without growing past the bound: a dev server printing for hours must not fill the tab.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_LINES } from '../../web/src/lib/keep-lines.js';
import type { LogModel } from '../../web/src/conversation/log-model.js';
import { waitFor } from '../support/server-harness.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const tmp = tempDir('tokenfold-e2e-plain-');
let h: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  h = await serveProcess(join(tmp.dir, 'e2e.db'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

/** What the page's log model holds: line count, first and last text, conversation entries, `earlier`. */
function held(page: Page) {
  return page.evaluate(() => {
    const log = (window as unknown as { __tokenfoldLog?: LogModel }).__tokenfoldLog;
    if (log === undefined || !log.loaded) return null;
    return {
      count: log.lines.length,
      first: log.lines[0]?.text ?? null,
      last: log.lines.at(-1)?.text ?? null,
      entries: log.entries().length,
      earlier: log.earlier,
    };
  });
}

async function run(command: string) {
  const r = await h.json('/api/executions', {
    method: 'POST',
    body: JSON.stringify({ executor: 'command', command, kind: 'dev-server' }),
  });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}

describe('a long run of plain output in the page', () => {
  it('finished: the last lines only, and a link to the whole log', async () => {
    const total = KEEP_LINES + 50_000;
    const e = await run(`seq 1 ${total}`);
    await waitFor(
      async () => (await h.json(`/api/executions/${e.id}`)).body.compacted === true,
      60_000,
      'the run to be compacted',
    );
    const page = await browser.newPage();
    try {
      await page.goto(`${h.url}/#/executions/${e.id}`);
      await page.getByTestId('raw-earlier').waitFor({ timeout: 30_000 });
      expect(await held(page)).toEqual({
        count: KEEP_LINES,
        first: String(total - KEEP_LINES + 1),
        last: String(total),
        entries: KEEP_LINES,
        earlier: true,
      });
      const href = await page.getByTestId('raw-earlier').locator('a').getAttribute('href');
      expect(href).toBe(`/api/executions/${e.id}/logs?format=raw&download=1`);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('running: follows the live lines, never holding more than a tenth over the bound', async () => {
    const total = 2 * KEEP_LINES;
    // Printed while the page watches: a second of quiet, then the lines, then the run stays up.
    const e = await run(`sleep 1; seq 1 ${total}; sleep 600`);
    const page = await browser.newPage();
    try {
      await page.goto(`${h.url}/#/executions/${e.id}`);
      let most = 0;
      const last = await waitFor(
        async () => {
          const x = await held(page);
          if (x === null) return false;
          most = Math.max(most, x.count);
          return x.last === String(total) && x;
        },
        60_000,
        'the last line in the page',
      );
      expect(most).toBeLessThanOrEqual(KEEP_LINES + KEEP_LINES / 10);
      expect(last.earlier).toBe(true);
      expect(last.entries).toBe(last.count);
      expect(Number(last.first)).toBe(total - last.count + 1);
    } finally {
      await page.close();
      await h.json(`/api/executions/${e.id}/stop`, { method: 'POST' });
    }
  }, 120_000);
});
