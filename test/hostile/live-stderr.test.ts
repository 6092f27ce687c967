// stderr stays stderr on the SSE stream, live and in history (event `stderr`, or `line-escaped` with
// "stream":"stderr"), and the web UI shows it as stderr while the run is live, without a reload.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_EVENTS } from '../../src/protocol/sse-events.js';
import { repoRoot } from '../../src/runner/index.js';
import { chromiumAvailable, launchChromium } from '../e2e/browser.js';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';
import { readSse, type SseEvent } from '../support/sse-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webRoot: join(repoRoot(), 'web', 'dist') });
});
afterAll(async () => h?.close());

/** seq → stream, as an SSE client reads the events. */
function streamsOf(events: SseEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events) {
    if (e.event === LINE_EVENTS.stdout) out.set(Number(e.id), 'stdout');
    else if (e.event === LINE_EVENTS.stderr) out.set(Number(e.id), 'stderr');
    else if (e.event === LINE_EVENTS.escaped)
      out.set(Number(e.id), (JSON.parse(e.data) as { stream: string }).stream);
  }
  return out;
}

async function storedStreams(id: string): Promise<Map<number, string>> {
  const items = (await h.json(`/api/executions/${id}/logs?format=raw`)).body.items as {
    seq: number;
    stream: string;
  }[];
  return new Map(items.map((it) => [it.seq, it.stream]));
}

describe('stderr over SSE', () => {
  it('is marked stderr live and in history, escaped lines included', async () => {
    const command =
      "echo out1; echo err1 >&2; sleep 0.6; echo out2; echo err2 >&2; printf 'err3\\r\\n' >&2; printf 'err4\\377\\n' >&2; echo out3";
    const run = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'command', command }),
    });
    const live = await readSse(`${h.url}/api/executions/${run.body.id}/stream?format=raw`);
    const history = await readSse(`${h.url}/api/executions/${run.body.id}/stream?format=deltas`);
    const stored = await storedStreams(run.body.id);
    expect([...stored.values()].sort()).toEqual([
      'stderr',
      'stderr',
      'stderr',
      'stderr',
      'stdout',
      'stdout',
      'stdout',
    ]);
    expect(streamsOf(live.events)).toEqual(stored);
    expect(streamsOf(history.events)).toEqual(stored);
    const err2 = live.events.find((e) => e.data === 'err2')!;
    expect(err2.event).toBe('stderr');
    const err3 = JSON.parse(
      live.events.find((e) => e.event === 'line-escaped' && e.data.includes('err3'))!.data,
    );
    expect(err3).toEqual({ stream: 'stderr', text: 'err3', eol: 'crlf' });
    expect(live.events.filter((e) => e.data === 'out2').map((e) => e.event)).toEqual(['line']);
  });

  it.skipIf(!chromiumAvailable())(
    'the web UI shows live stderr lines as stderr',
    async () => {
      const command =
        'for i in $(seq 1 25); do echo "tick $i"; echo "warn $i" >&2; [ $((i % 5)) -eq 0 ] && printf \'warn-cr %s\\r\\n\' $i >&2; sleep 0.2; done';
      const run = await h.json('/api/executions', {
        method: 'POST',
        body: JSON.stringify({ executor: 'command', command }),
      });
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${h.url}/#/executions/${run.body.id}`);
        await page.locator('.live-dot.on').waitFor({ timeout: 15_000 });
        type Line = { seq: number; stream: string; text: string };
        const lines = () =>
          page.evaluate(() =>
            (window as unknown as { __tokenfoldLog: { lines: Line[] } }).__tokenfoldLog.lines.map((l) => ({
              ...l,
            })),
          );
        const seenBeforeLive = Math.max(-1, ...(await lines()).map((l) => l.seq));
        // A stderr line that arrived over the live stream is rendered as stderr.
        const el = page
          .locator('[data-testid="raw-line"].stderr')
          .filter({ hasText: /warn \d+/ })
          .last();
        await waitFor(
          async () =>
            Number(await el.getAttribute('data-seq', { timeout: 5000 }).catch(() => -1)) > seenBeforeLive,
          10_000,
          'a live stderr line on the page',
        );
        expect((await h.json(`/api/executions/${run.body.id}`)).body.status).toBe('running');
        await waitFor(
          async () => (await h.json(`/api/executions/${run.body.id}`)).body.status === 'completed',
          20_000,
          'the run to end',
        );
        await waitFor(async () => (await lines()).length === 55, 10_000, 'every line on the page');
        const shown = await lines();
        expect(shown.filter((l) => l.seq > seenBeforeLive).length).toBeGreaterThan(10);
        for (const l of shown) expect(l.stream, l.text).toBe(l.text.startsWith('warn') ? 'stderr' : 'stdout');
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
