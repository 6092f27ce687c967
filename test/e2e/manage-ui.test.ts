// End-to-end: a finished agent run's page in Chromium: download links, a follow-up from the reply box
// (previous / next links), and delete with a confirmation.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLAUDE, waitFor } from '../support/server-harness.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const tmp = tempDir('tokenfold-e2e-manage-');
let h: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  h = await serveProcess(join(tmp.dir, 'e2e.db'), ['--claude-bin', FAKE_CLAUDE, '--demo-speed', '50']);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

async function finished(id: string) {
  return waitFor(
    async () => {
      const e = (await h.json(`/api/executions/${id}`)).body;
      return e.status !== 'running' && e;
    },
    30_000,
    `execution ${id} to end`,
  );
}

describe('managing runs in the page', () => {
  it('downloads, replies to continue the session, and deletes after a confirmation', async () => {
    const started = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'demo', prompt: 'first question' }),
    });
    expect(started.status).toBe(201);
    const first = started.body;
    await finished(first.id);
    const page = await browser.newPage();
    try {
      await page.goto(`${h.url}/#/executions/${first.id}`);
      const raw = page.getByTestId('download-raw');
      await raw.waitFor();
      const href = await raw.getAttribute('href');
      expect(href).toBe(`/api/executions/${first.id}/logs?format=raw&download=1`);
      const res = await fetch(h.url + href);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);

      await page.getByLabel('Follow-up prompt').fill('and then?');
      await page.getByTestId('reply-send').click();
      await page.waitForURL((u) => !u.hash.includes(first.id), { timeout: 15_000 });
      const secondId = decodeURIComponent(/#\/executions\/([^/]+)/.exec(page.url())![1]!);
      const second = await finished(secondId);
      expect(second).toMatchObject({ resumedFrom: first.id, previous: first.id, prompt: 'and then?' });
      await page.getByTestId('session-previous').click();
      await page.getByTestId('session-next').waitFor();
      expect(await page.getByTestId('session-next').getAttribute('href')).toBe(`#/executions/${secondId}`);

      await page.getByTestId('delete-button').click();
      await page.getByText('Delete this run and its output?').waitFor();
      await page.getByTestId('delete-confirm').click();
      await page.waitForURL((u) => u.hash === '#/' || u.hash === '', { timeout: 10_000 });
      expect((await h.json(`/api/executions/${first.id}`)).status).toBe(404);
      expect((await h.json(`/api/executions/${secondId}`)).status).toBe(200);
    } finally {
      await page.close();
    }
  }, 90_000);
});
