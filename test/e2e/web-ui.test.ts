// End-to-end: the web UI in headless Debian Chromium against a real server with real child processes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../src/demo/workload.js';
import { repoRoot } from '../../src/runner/index.js';
import { FAKE_CLAUDE, waitFor } from '../support/server-harness.js';
import { ingestFile, serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const SHOTS = join(repoRoot(), 'test-output', 'screenshots');
const tmp = tempDir('tokenfold-e2e-');
const db = join(tmp.dir, 'e2e.db');
let h: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  // A real server process, serving the built UI (npm test builds it first).
  h = await serveProcess(db, ['--claude-bin', FAKE_CLAUDE, '--demo-speed', '6']);
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

interface Entry {
  kind: string;
  id: string;
  text?: string;
  children?: Entry[];
}

function assistantText(entries: readonly Entry[]): string {
  const out: string[] = [];
  const walk = (list: readonly Entry[]) => {
    for (const e of list) {
      if (e.kind === 'assistant-text') out.push(e.text ?? '');
      if (e.children) walk(e.children);
    }
  };
  walk(entries);
  return out.join('\n¶\n');
}

async function pageEntries(page: Page): Promise<Entry[]> {
  return page.evaluate(() =>
    JSON.parse(
      JSON.stringify(
        (window as unknown as { __tokenfoldLog: { entries(): unknown } }).__tokenfoldLog.entries(),
      ),
    ),
  );
}

/** Where the time went, from the page's marks (web/src/conversation) and the logs response's Server-Timing. */
async function loadTimeline(page: Page): Promise<string> {
  const t = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? NaN;
    const res = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/logs?'))
      .at(-1) as PerformanceResourceTiming | undefined;
    const server = res?.serverTiming.map((s) => `${s.name} ${Math.round(s.duration)}`).join(', ') ?? '';
    const nav = at('e2e:navigate');
    const rel = (v: number | undefined) => Math.round((v ?? NaN) - nav);
    return {
      execution: rel(at('tf:log:execution')),
      firstByte: rel(res?.responseStart),
      lastByte: rel(res?.responseEnd),
      bytes: res?.encodedBodySize ?? 0,
      server,
      loaded: rel(at('tf:log:loaded')),
      rendered: rel(at('tf:log:rendered')),
    };
  });
  return `in page: execution +${t.execution}, history first byte +${t.firstByte} [server: ${t.server}], last byte +${t.lastByte} (${(t.bytes / 1e6).toFixed(1)} MB), loaded +${t.loaded}, rendered +${t.rendered} ms`;
}

describe('web UI', () => {
  it('starts a demo agent, streams text, survives a reload mid-stream, and matches the stored history', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(h.url + '/');
    await page.getByTestId('new-execution-form').waitFor();
    await page.getByTestId('start-demo').click();
    // Starting a run opens its page.
    await page.waitForURL(/#\/executions\/[0-9a-f-]{36}/);
    const id = /executions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.getByTestId('conversation').waitFor();
    // Text streams in: the rendered assistant text grows while the run is going.
    const textLen = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="assistant-text"]')].reduce(
          (n, el) => n + (el.textContent?.length ?? 0),
          0,
        ),
      );
    const first = await waitFor(
      async () => (await textLen()) > 0 && (await textLen()),
      30_000,
      'assistant text',
    );
    await waitFor(async () => (await textLen()) > first, 30_000, 'more streamed text');
    await page.reload();
    await page.getByTestId('conversation').waitFor();
    await waitFor(
      async () => (await h.json(`/api/executions/${id}`)).body.status !== 'running',
      120_000,
      'demo run to finish',
    );
    await waitFor(
      async () =>
        (await page.getByTestId('status-badge').first().getAttribute('data-status')) === 'completed',
      10_000,
      'page to show completed',
    );
    await page.screenshot({ path: join(SHOTS, 'execution-view.png') });
    const stored = (await h.json(`/api/executions/${id}/logs?format=conversation`)).body.items as Entry[];
    const shown = await pageEntries(page);
    expect(assistantText(stored).length).toBeGreaterThan(100);
    expect(assistantText(shown)).toBe(assistantText(stored));
    expect(requests.every((u) => u.startsWith(h.url))).toBe(true);
    await page.goto(h.url + '/');
    await page.locator(`[data-testid="execution-row"][data-id="${id}"]`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'executions-list.png') });
    await page.close();
  });

  it('stops a running execution from the page', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({
        executor: 'command',
        command: 'while true; do echo tick; sleep 0.1; done',
        label: 'ticker',
      }),
    });
    const page = await browser.newPage();
    await page.goto(`${h.url}/#/executions/${run.body.id}`);
    await page.getByTestId('stop-button').click();
    await waitFor(
      async () => (await page.getByTestId('status-badge').first().getAttribute('data-status')) === 'killed',
      15_000,
      'killed status on the page',
    );
    expect((await h.json(`/api/executions/${run.body.id}`)).body.status).toBe('killed');
    await page.close();
  });

  it('follows a live run; scrolling up stops following with the rows still drawn, "jump to latest" resumes', async () => {
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'claude-code', prompt: 'follow me' }),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${h.url}/#/executions/${run.body.id}`);
    const list = page.locator('.vlist');
    const geometry = () =>
      list.evaluate((el) => {
        const box = el.getBoundingClientRect();
        // Rows drawn inside the visible part of the list (a stale window would leave it blank).
        const visible = [...el.querySelectorAll('.vrow')].filter((r) => {
          const b = r.getBoundingClientRect();
          return b.bottom > box.top && b.top < box.bottom;
        }).length;
        return { top: el.scrollTop, fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight, visible };
      });
    // Streamed text pushes the list beyond two screens, and it stays at the bottom meanwhile.
    await waitFor(
      async () =>
        (await list.evaluate((el) => el.scrollHeight > el.clientHeight * 2).catch(() => false)) || null,
      60_000,
      'two screens of output',
    );
    expect((await geometry()).fromBottom).toBeLessThanOrEqual(8);
    await list.hover();
    await page.mouse.wheel(0, -500);
    await page.getByTestId('jump-to-latest').waitFor({ timeout: 5000 });
    const away = await geometry();
    // The run goes on: the view stays where the user put it, drawn.
    await new Promise((r) => setTimeout(r, 1000));
    const later = await geometry();
    expect(Math.abs(later.top - away.top)).toBeLessThan(2);
    expect(later.visible).toBeGreaterThan(0);
    await page.getByTestId('jump-to-latest').click();
    await waitFor(async () => (await geometry()).fromBottom <= 8 || null, 5000, 'back at the bottom');
    expect((await geometry()).visible).toBeGreaterThan(0);
    await h.json(`/api/executions/${run.body.id}/stop`, { method: 'POST', body: '{}' });
    await page.close();
  });

  it('opens a finished 25,000-delta execution quickly', async () => {
    const file = join(tmp.dir, 'large.jsonl');
    writeFileSync(file, generateLargeRun(25_000, 3).join('\n') + '\n');
    const execution = (await h.json(`/api/executions/${ingestFile(db, file)}`)).body as {
      id: string;
      deltasFolded: number;
    };
    expect(execution.deltasFolded).toBeGreaterThanOrEqual(24_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Start from a settled page (bundle loaded, list shown): the clock measures this navigation only.
    await page.goto(h.url + '/');
    await page.getByTestId('execution-row').first().waitFor();
    await new Promise((r) => setTimeout(r, 300));
    await page.evaluate(() => performance.mark('e2e:navigate'));
    const t0 = Date.now();
    await page.goto(`${h.url}/#/executions/${execution.id}`);
    // Checked every animation frame: waitForSelector backs off to one check per 500 ms, which added up to half a second.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="conversation"][data-ready="1"]') !== null,
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    const ms = Date.now() - t0;
    const timeline = await loadTimeline(page);
    const toolCalls = await h.json(`/api/executions/${execution.id}/logs?format=messages&limit=100000`);
    process.stdout.write(
      `e2e: navigation to full conversation of a ${execution.deltasFolded}-delta execution rendered in ${ms} ms (${timeline})\n`,
    );
    writeFileSync(
      join(SHOTS, '..', 'large-execution-render.json'),
      JSON.stringify({ deltas: execution.deltasFolded, ms, messages: toolCalls.body.items.length }) + '\n',
    );
    await page.screenshot({ path: join(SHOTS, 'large-execution.png') });
    // What the page holds is the stored conversation's last entries (older ones load as they are scrolled to).
    const shown = await pageEntries(page);
    const stored = (
      await h.json(`/api/executions/${execution.id}/logs?format=conversation&tail=${shown.length}`)
    ).body.items as Entry[];
    expect(assistantText(stored).length).toBeGreaterThan(1000);
    expect(assistantText(shown)).toBe(assistantText(stored));
    // The Raw tab loads the lines of a finished run on demand.
    await page.getByTestId('tab-raw').click();
    await waitFor(
      async () => Number(await page.getByTestId('raw-view').getAttribute('data-lines')) > 1000,
      10_000,
      'raw lines',
    );
    await page.getByTestId('tab-conversation').click();
    // Scrolling through the virtualised list keeps rendering rows.
    await page.mouse.wheel(0, -20_000);
    expect(await page.locator('[data-testid="conversation"] .vrow').count()).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
    // The list with every execution of this run (demo, killed ticker, the large one) for the README.
    await page.goto(h.url + '/');
    await page.locator('[data-testid="execution-row"]').nth(2).waitFor();
    await page.screenshot({ path: join(SHOTS, 'executions-list.png') });
    await page.close();
  });
});
