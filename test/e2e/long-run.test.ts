// End-to-end: a 250,000-delta run opens at its end, scrolls back to its first entry, finds text anywhere; a 70 MB line comes cut.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../src/demo/workload.js';
import { waitFor } from '../support/server-harness.js';
import { ingestFile, serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const tmp = tempDir('tokenfold-e2e-long-');
const db = join(tmp.dir, 'long.db');
let h: ServerProcess;
let browser: Browser;
let longId: string;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  // The 250k run, generated and ingested once for the file.
  const file = join(tmp.dir, 'long.jsonl');
  writeFileSync(file, generateLargeRun(250_000, 7).join('\n') + '\n');
  longId = ingestFile(db, file);
  h = await serveProcess(db);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

interface PageOf {
  items: { kind: string; id: string; text?: string }[];
  start: number;
  total: number;
}

/**
 * The longest task allowed while pieces of the 70 MB line are drawn. The aim is 50 ms (TF_E2E_LONG_TASK_MS=50 on a
 * quiet machine); by default the margin is for a 2-core machine shared with other test runs, where one task in a
 * thousand frames was seen at 200 ms. Drawing a 256 Ki piece at once took 4 to 7 s.
 */
const LONG_TASK_MS = Number(process.env.TF_E2E_LONG_TASK_MS ?? 300);

async function open(page: Page, id: string): Promise<number> {
  await page.goto(h.url + '/');
  await page.getByTestId('new-execution-form').waitFor();
  const t0 = Date.now();
  await page.goto(`${h.url}/#/executions/${id}`);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="conversation"][data-ready="1"] .vrow') !== null,
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  return Date.now() - t0;
}

/** The page's JS heap after a full GC, MB (DevTools protocol: performance.memory is rounded and cached for minutes). */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
  } finally {
    await cdp.detach();
  }
}

describe('a long run in the page', () => {
  it('opens at its last entry, then scrolls back to the first one with the pages in between loaded on the way', async () => {
    const last = (await h.json(`/api/executions/${longId}/logs?format=conversation&tail=1`)).body as PageOf;
    const first = (await h.json(`/api/executions/${longId}/logs?format=conversation&tail=1&before=1`))
      .body as PageOf;
    expect(last.total).toBeGreaterThan(1000);
    expect(first.start).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const ms = await open(page, longId);
    // The last entry is drawn, and the page holds a few screens of entries, not the run.
    await page.locator(`.vrow[data-vkey="t:${last.total - 1}"]`).waitFor();
    const loaded = await page.evaluate(
      () =>
        (window as unknown as { __tokenfoldLog: { entries(): unknown[] } }).__tokenfoldLog.entries().length,
    );
    expect(loaded).toBeLessThan(500);
    process.stdout.write(
      `e2e: ${last.total} top-level entries (250k deltas) opened at the last one in ${ms} ms, ${loaded} entries loaded, heap ${(await heapMb(page)).toFixed(1)} MB\n`,
    );
    await page.getByTestId('jump-to-start').click();
    await page.locator('.vrow[data-vkey="t:0"] [data-top="0"]').waitFor({ timeout: 10_000 });
    // The first entry ends up at the top of the list, not scrolled off by entries loading above it.
    const top = await page.evaluate(() => {
      const list = document.querySelector('.vlist')!;
      return (
        document.querySelector('.vrow[data-vkey="t:0"]')!.getBoundingClientRect().top -
        list.getBoundingClientRect().top +
        list.scrollTop
      );
    });
    expect(top).toBeLessThan(50);
    // Scrolling down from the start loads the next entries (placeholders turn into entries).
    await page.locator('.vlist').hover();
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 1500);
    await waitFor(
      async () =>
        (await page.locator('.vrow [data-top]').count()) > 10 &&
        (await page.getByTestId('entry-placeholder').count()) === 0,
      10_000,
      'entries after scrolling',
    );
    // Home (as dragging the scroll bar to the top would) brings the first entry back.
    await page.locator('.vlist').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.locator('.vrow[data-vkey="t:0"] [data-top="0"]').waitFor({ timeout: 10_000 });
    const heap = await heapMb(page);
    process.stdout.write(`e2e: 250k-delta run after scrolling: page heap ${heap.toFixed(1)} MB\n`);
    expect(heap).toBeLessThan(50);
    await page.close();
  }, 60_000);

  it('finds text anywhere in the run, jumps to each hit and marks it', async () => {
    const early = (await h.json(`/api/executions/${longId}/logs?format=conversation&tail=40&before=40`))
      .body as PageOf;
    type Found = { hits: { index: number }[]; count: number; total: number };
    const search = async (q: string) =>
      (await h.json(`/api/executions/${longId}/search?q=${encodeURIComponent(q)}`)).body as Found;
    // Of a few words of the first entries, the rarest one found more than once: its hits lie far apart in the run.
    const candidates = [
      ...new Set(
        early.items
          .flatMap((e) => (e.kind === 'assistant-text' ? (e.text ?? '').split(/\s+/) : []))
          .filter((w) => /^[a-z]{7,}$/i.test(w)),
      ),
    ].slice(0, 12);
    let word = candidates[0]!;
    let r = await search(word);
    for (const w of candidates.slice(1)) {
      const f = await search(w);
      if (f.count >= 2 && (r.count < 2 || f.count < r.count)) ((word = w), (r = f));
    }
    // A hit in the first 40 entries: far from the 60 the page loads first.
    expect(r.hits[0]!.index).toBeLessThan(40);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await open(page, longId);
    await page.getByTestId('find-input').fill(word);
    await page.getByTestId('find-input').press('Enter');
    const hit = page.getByTestId('find-hit');
    // Enter shows the latest hit; "next" wraps round to the first one.
    await waitFor(
      async () => (await hit.getAttribute('data-top').catch(() => null)) === String(r.hits.at(-1)!.index),
      10_000,
      'latest hit',
    );
    // "Next" wraps round to the first hit, then walks through each one (up to 6), each drawn, marked and counted.
    const steps = Math.min(r.hits.length, 6);
    for (let i = 0; i < steps; i++) {
      await page.getByLabel('Next hit').click();
      await waitFor(
        async () => (await hit.getAttribute('data-top').catch(() => null)) === String(r.hits[i]!.index),
        10_000,
        `hit ${i + 1}`,
      );
      expect((await hit.textContent())!.toLowerCase()).toContain(word.toLowerCase());
      expect(await hit.isVisible()).toBe(true);
      expect(await page.getByTestId('find-count').textContent()).toBe(`${i + 1} / ${r.count}`);
    }
    // "Previous" from the first goes back round to the latest.
    for (let i = 0; i < steps; i++) await page.getByLabel('Previous hit').click();
    await waitFor(
      async () => (await hit.getAttribute('data-top').catch(() => null)) === String(r.hits.at(-1)!.index),
      10_000,
      'back to the latest hit',
    );
    // The text itself is highlighted (CSS Custom Highlight).
    expect(
      await page.evaluate(
        () => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('find')?.size ?? 0,
      ),
    ).toBeGreaterThan(0);
    await page.close();
  }, 30_000);

  it('shows a 70 MB line cut, with show all and the raw download', async () => {
    const file = join(tmp.dir, 'huge.jsonl');
    const head = generateLargeRun(200, 2);
    // Multi-byte characters and surrogate pairs in it: what "Show more" draws must be its exact prefix.
    const unit = 'tokenfold line é 中 😀 ';
    const huge = unit.repeat(Math.ceil((70 * 1024 * 1024) / unit.length));
    writeFileSync(file, [head[0], huge, ...head.slice(1)].join('\n') + '\n');
    const id = ingestFile(db, file);
    const res = await h.json(`/api/executions/${id}/logs?format=conversation&tail=1000`);
    const raw = (res.body as PageOf).items.find((e) => e.kind === 'raw')! as {
      text: string;
      truncated?: boolean;
    };
    expect(raw.truncated).toBe(true);
    // Cut at 64 Ki characters, or one fewer rather than half a surrogate pair.
    expect(raw.text.length).toBeGreaterThanOrEqual(64 * 1024 - 1);
    expect(raw.text.length).toBeLessThanOrEqual(64 * 1024);
    expect(raw.text === huge.slice(0, raw.text.length)).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await open(page, id);
    await page.getByTestId('jump-to-start').click();
    const note = page.getByTestId('truncated');
    await note.waitFor({ timeout: 10_000 });
    const href = (await note.locator('a[download]').getAttribute('href'))!;
    expect(href).toContain('format=raw');
    expect(await note.getByTestId('show-all').isVisible()).toBe(true);
    // What the page draws of it is the cut text, not 70 MB.
    const drawn = await page.evaluate(
      () => document.querySelector('[data-testid="conversation"]')!.textContent!.length,
    );
    expect(drawn).toBeLessThan(256 * 1024);
    expect(await heapMb(page)).toBeLessThan(50);
    // "Show all" reveals it piece by piece, "Show more" the next piece, up to 4 Mi characters drawn: the text
    // drawn is the line's exact prefix, the page stays responsive (animation frames keep coming, no long task).
    await page.evaluate(() => {
      const w = window as unknown as { tfGaps: number[]; tfLong: number[] };
      w.tfGaps = [];
      w.tfLong = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.tfLong.push(e.duration))).observe({
        type: 'longtask',
      });
      let last = performance.now();
      const tick = (t: number) => {
        w.tfGaps.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const shown = () => page.getByTestId('truncated').getAttribute('data-shown').then(Number);
    const t0 = Date.now();
    await note.getByTestId('show-all').click();
    // Blocks are mounted a few per frame: all of them drawn.
    const drawnAll = () =>
      page.waitForFunction(() => {
        const m = document.querySelector('[data-testid="more-text"]');
        return m !== null && m.getAttribute('data-drawn') === m.getAttribute('data-blocks');
      });
    await page.getByTestId('more-text').waitFor();
    await drawnAll();
    let pieces = 1;
    for (;;) {
      const more = page.getByTestId('show-more');
      if ((await more.count()) === 0) break;
      const before = await shown();
      await page.evaluate(() =>
        document.querySelector<HTMLButtonElement>('[data-testid="show-more"]')!.click(),
      );
      await page.waitForFunction(
        (k) => Number(document.querySelector('[data-testid="truncated"]')?.getAttribute('data-shown')) > k,
        before,
      );
      await drawnAll();
      pieces++;
      await page.waitForFunction(
        () => !document.querySelector<HTMLButtonElement>('[data-testid="show-more"]')?.disabled,
      );
    }
    const revealMs = Date.now() - t0;

    await page.getByTestId('show-capped').waitFor();
    const drawnText = await page.evaluate(() => {
      const row = document.querySelector('[data-testid="more-text"]')!.parentElement!;
      return (
        row.querySelector('.raw-entry')!.textContent! +
        row.querySelector('[data-testid="more-text"]')!.textContent!
      );
    });
    expect(drawnText.length).toBeGreaterThan(4 * 1024 * 1024 - 4);
    expect(drawnText.length).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(drawnText === huge.slice(0, drawnText.length)).toBe(true);
    const { gaps, long } = await page.evaluate(() => {
      const w = window as unknown as { tfGaps: number[]; tfLong: number[] };
      return { gaps: w.tfGaps, long: w.tfLong };
    });
    const heap = await heapMb(page);
    process.stdout.write(
      `e2e: 70 MB line revealed to ${drawnText.length} characters in ${pieces} pieces, ${revealMs} ms; longest frame gap ${Math.max(...gaps).toFixed(0)} ms, long tasks ${JSON.stringify(long.map(Math.round))}; heap ${heap.toFixed(1)} MB\n`,
    );
    expect(heap).toBeLessThan(50);
    expect(Math.max(0, ...long)).toBeLessThan(LONG_TASK_MS);
    // The download link serves the whole line.
    const download = await fetch(new URL(href, h.url));
    let bytes = 0;
    for await (const chunk of download.body!) bytes += (chunk as Uint8Array).length;
    expect(download.status).toBe(200);
    expect(bytes).toBeGreaterThan(70 * 1024 * 1024);
    await page.close();
  }, 120_000);
});
