// End-to-end: tabs left hidden give their live connections back (a browser allows six per server), so the
// next tab's live view does not stall; shown again, they resume exactly where they stopped.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/server-harness.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';
import type { Browser } from 'playwright-core';

const tmp = tempDir('tokenfold-e2e-hidden-');
let h: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  h = await serveProcess(`${tmp.dir}/hidden.db`);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

/** The page's live lines (the model behind what is rendered). */
const linesOf = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as { __tokenfoldLog?: { lines: { seq: number; text: string }[] } }
      ).__tokenfoldLog?.lines.map((l) => [l.seq, l.text] as const) ?? [],
  );

/** Headless pages are always visible: set what the page sees, and tell it, as a tab switch would. */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

/** Waits until the page has live lines beyond `count`. */
const growsPast = (page: Page, count: number, what: string) =>
  waitFor(async () => ((await linesOf(page)).length > count ? true : null), 15_000, what);

describe('hidden tabs', () => {
  it('give their streams back after a while, so more tabs than connections stay live; shown again, they resume exactly', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const run = await h.json('/api/executions', {
        method: 'POST',
        body: JSON.stringify({
          executor: 'command',
          command: 'i=0; while true; do i=$((i+1)); echo "n $i"; sleep 0.05; done',
        }),
      });
      expect(run.status).toBe(201);
      ids.push((run.body as { id: string }).id);
    }
    const context: BrowserContext = await browser.newContext();
    try {
      const open = async (id: string) => {
        const page = await context.newPage();
        await page.goto(`${h.url}/#/executions/${id}`);
        await growsPast(page, 5, `live lines of ${id}`);
        return page;
      };
      // Three tabs with two streams each hold all six connections.
      const first = [await open(ids[0]!), await open(ids[1]!), await open(ids[2]!)];
      for (const p of first) await setVisibility(p, 'hidden');
      await new Promise((r) => setTimeout(r, 5_800));
      // Hidden long enough: their connections are free, three more tabs go live.
      const second = [await open(ids[3]!), await open(ids[4]!), await open(ids[5]!)];
      for (const p of second) await setVisibility(p, 'hidden');
      await new Promise((r) => setTimeout(r, 5_800));
      // The first tab, shown again, catches up: every line once, in order, as the server stored them.
      const back = first[0]!;
      const before = (await linesOf(back)).length;
      await setVisibility(back, 'visible');
      await growsPast(back, before + 40, 'the first tab resumed');
      const lines = await linesOf(back);
      expect(lines.map(([seq]) => seq)).toEqual(lines.map((_, i) => i));
      expect(lines.map(([, text]) => text)).toEqual(lines.map((_, i) => `n ${i + 1}`));
    } finally {
      await context.close();
      for (const id of ids) await h.json(`/api/executions/${id}/stop`, { method: 'POST', body: '{}' });
    }
  });
});
