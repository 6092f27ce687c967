// End-to-end: each agent started from the page's form (fake CLIs given with `serve --agent-bin`), its finished
// run opened on the Conversation tab with the answer readable; and the demo button in another agent's format.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/server-harness.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const FAKES = join(import.meta.dirname, '..', 'fixtures', 'fake-agents');
const tmp = tempDir('tokenfold-e2e-agents-');
let h: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error('Debian chromium is required for the end-to-end tests: apt-get install chromium');
  const bins = [
    ['codex', 'codex'],
    ['gemini', 'gemini'],
    ['cursor', 'cursor-agent'],
    ['qwen-code', 'qwen'],
  ].flatMap(([agent, file]) => ['--agent-bin', `${agent}=${join(FAKES, file!)}`]);
  h = await serveProcess(join(tmp.dir, 'agents.db'), [...bins, '--demo-speed', '20']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  tmp.cleanup();
});

/** Starts a run from the form; returns its id once the page shows it finished. */
async function startFromForm(mode: string, prompt: string): Promise<string> {
  await page.goto(h.url + '/');
  await page.getByTestId(`mode-${mode}`).check({ force: true });
  await page.getByTestId('prompt-input').fill(prompt);
  await page.getByTestId('start-execution').click();
  await page.waitForURL(/#\/executions\/[0-9a-f-]{36}/);
  await waitFor(
    async () => (await page.getByTestId('status-badge').first().getAttribute('data-status')) === 'completed',
    15_000,
    `${mode} run to complete`,
  );
  return /executions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

/** Opens a finished run's page afresh and returns the conversation's rendered text. */
async function conversationText(id: string): Promise<string> {
  await page.goto(`${h.url}/#/executions/${id}`);
  const conversation = page.getByTestId('conversation');
  await conversation.waitFor();
  await waitFor(async () => (await conversation.innerText()).length > 0, 10_000, 'conversation rendered');
  return conversation.innerText();
}

describe('each agent in the browser', () => {
  it.each([
    ['codex', 'The answer is 42'],
    ['gemini', 'test content from gemini research'],
    ['cursor', 'Both commands have finished running'],
    ['qwen-code', 'The build runs tsc first, then vite build'],
  ])(
    '%s: started from the form, its finished conversation shows the answer as text',
    async (agent, answer) => {
      const id = await startFromForm(agent, `--help me, ${agent}`);
      const e = (await h.json(`/api/executions/${id}`)).body as { executor: string; prompt: string };
      expect(e).toMatchObject({ executor: agent, prompt: `--help me, ${agent}` });
      const text = await conversationText(id);
      expect(text).toContain(answer);
      // Read as a conversation, not as JSON lines.
      expect(text).not.toMatch(/^\{"(type|method|id)"/m);
    },
  );

  it('the demo button prints in the chosen agent format, live', async () => {
    await page.goto(h.url + '/');
    await page.getByTestId('demo-format').selectOption('gemini');
    await page.getByTestId('start-demo').click();
    await page.waitForURL(/#\/executions\/[0-9a-f-]{36}/);
    const id = /executions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    // Live: the answer's tokens show while the run is still going, read as Gemini's (the page knows the executor).
    const liveText = () =>
      page.evaluate(() =>
        (
          window as unknown as { __tokenfoldLog: { entries(): { kind: string; text?: string }[] } }
        ).__tokenfoldLog
          .entries()
          .filter((e) => e.kind === 'assistant-text')
          .map((e) => e.text ?? '')
          .join(''),
      );
    await waitFor(async () => (await liveText()).length > 0, 10_000, 'live assistant text');
    expect(((await h.json(`/api/executions/${id}`)).body as { status: string }).status).toBe('running');
    await waitFor(
      async () =>
        (await page.getByTestId('status-badge').first().getAttribute('data-status')) === 'completed',
      20_000,
      'demo run to complete',
    );
    expect(((await h.json(`/api/executions/${id}`)).body as { executor: string }).executor).toBe('gemini');
    expect(await conversationText(id)).not.toMatch(/^\{"type"/m);
  });
});
