// No other site can frame tokenfold (clickjacking): X-Frame-Options and CSP frame-ancestors on every response,
// checked in Chromium from a page on another origin; the built UI runs under the CSP without a violation.
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStream } from '../../src/pipeline/ingest.js';
import { repoRoot } from '../../src/runner/index.js';
import { chromiumAvailable, launchChromium } from '../e2e/browser.js';
import { startHarness, type Harness } from '../support/server-harness.js';

let h: Harness;
let id: string;
beforeAll(async () => {
  h = await startHarness({ webRoot: join(repoRoot(), 'web', 'dist') });
  async function* lines() {
    yield Buffer.from('one\ntwo\n');
  }
  ({ id } = (await ingestStream(h.store, lines(), { executor: 'plain', kind: 'script' })).execution);
});
afterAll(async () => h?.close());

function headersOf(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.port, path, headers: { host: `127.0.0.1:${h.port}`, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('framing', () => {
  it('every response says DENY and frame-ancestors none: UI, assets, API, SSE, 400, 403, 404', async () => {
    const index = await (await fetch(h.url + '/')).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const cases: [string, Record<string, string>, number][] = [
      ['/', {}, 200],
      [asset, {}, 200],
      ['/#/executions/x', {}, 200],
      ['/some/client/route', {}, 200],
      ['/api/info', {}, 200],
      [`/api/executions/${id}/stream?format=raw`, {}, 200],
      ['/api/events', {}, 200],
      ['/api/executions?limit=abc', {}, 400],
      ['/api/info', { host: 'evil.example' }, 403],
      ['/api/nope', {}, 404],
    ];
    for (const [path, headers, status] of cases) {
      const r = path === '/api/events' ? await firstHeaders(path) : await headersOf(path, headers);
      expect(r.status, path).toBe(status);
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(r.headers['content-security-policy'], path).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(r.headers['content-security-policy'], path).toMatch(/(^|; )script-src 'self'(;|$)/);
    }
  });

  it.skipIf(!chromiumAvailable())(
    'Chromium: a page on another origin cannot frame it; the UI itself runs with no CSP violation',
    async () => {
      const evil: Server = createServer((_req, res) =>
        res.end(`<!doctype html><iframe id="f" src="${h.url}/"></iframe>`),
      );
      await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
      const browser: Browser = await launchChromium();
      try {
        const page = await browser.newPage();
        // localhost vs 127.0.0.1: another origin (and another site) than the framed server.
        const blocked = page
          .waitForEvent('requestfailed', { predicate: (r) => r.url() === `${h.url}/`, timeout: 10_000 })
          .then((r) => r.failure()?.errorText);
        await page.goto(`http://localhost:${(evil.address() as { port: number }).port}/`);
        await page.waitForLoadState('load');
        // Refused by the browser: the frame holds Chrome's error page, not the UI's document.
        expect(await blocked).toBe('net::ERR_BLOCKED_BY_RESPONSE');
        const framed = page.frames().find((f) => f !== page.mainFrame())!;
        expect(framed.url()).not.toBe(`${h.url}/`);
        expect(await framed.content()).not.toContain('<div id="root">');

        const ui = await browser.newPage();
        const violations: string[] = [];
        ui.on(
          'console',
          (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()),
        );
        await ui.goto(h.url + '/');
        await ui.getByTestId('new-execution-form').waitFor({ timeout: 15_000 });
        await ui.goto(`${h.url}/#/executions/${id}`);
        await ui.getByTestId('status-badge').first().waitFor({ timeout: 15_000 });
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
        await new Promise((r) => evil.close(r));
      }
    },
    60_000,
  );
});

/** Status and headers of a response that never ends (the event feed). */
function firstHeaders(
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.port, path, headers: { host: `127.0.0.1:${h.port}` } },
      (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        req.destroy();
      },
    );
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}
