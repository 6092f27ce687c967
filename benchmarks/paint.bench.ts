// `npm run bench:paint`: live paint latency. A real server runs N fake Claude Code agents (stream-json partial
// messages at realistic pace) whose text deltas carry their send time; Debian Chromium shows P of those runs live,
// and a probe in each page times every delta from the agent's write to the frame that draws it.
// Options: --agents N (20) --pages P (4, each in its own browser context: Chromium allows 6 connections per host and
//          profile, and each page holds 2 event streams) --seconds S (60, measured after a warm-up) --warmup S (5)
//          --speed X (pace multiplier, 1 = realistic)
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';
import { httpJson } from './load/http-client.js';
import { deltasFor } from './load/run-length.js';
import { startServer } from './load/server-process.js';
import { installPaintProbe, type ProbeResult } from './paint/page-probe.js';
import { treeCpuMs } from './paint/process-cpu.js';
import { benchDir, percentile, saveResults } from './support.js';

const TARGET_P99_MS = 50;
const { values: a } = parseArgs({
  options: {
    agents: { type: 'string', default: '20' },
    pages: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    speed: { type: 'string', default: '1' },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${v}`);
  return n;
};
const agents = Math.round(num('agents', a.agents));
const pages = Math.min(agents, Math.round(num('pages', a.pages)));
const seconds = num('seconds', a.seconds);
const warmup = num('warmup', a.warmup);
const speed = num('speed', a.speed);
const root = join(import.meta.dirname, '..', '..');
const dir = benchDir();
// Runs outlast the measurement: staggered starts (5 s), the page opening, the warm-up, the window, a margin.
const deltas = deltasFor((seconds + warmup + 20) * 1000, speed);
const loadBefore = loadavg()[0]!;

const server = await startServer(
  process.execPath,
  [
    join(root, 'bin', 'tokenfold.js'),
    'serve',
    '--port',
    '0',
    '--db',
    join(dir, 'paint.db'),
    '--quiet',
    '--claude-bin',
    join(root, 'benchmarks', 'load', 'claude'),
  ],
  {
    ...process.env,
    LOAD_AGENT_PAINT_MARKS: '1',
    LOAD_AGENT_SPEED: String(speed),
    LOAD_AGENT_DELTAS: String(deltas),
  },
);
process.stderr.write(
  `paint: ${agents} agents × ${deltas} deltas at ${speed}× pace on ${server.url}, ${pages} pages in Chromium, ${warmup} s warm-up + ${seconds} s\n`,
);
const browser = await launchChromium();
const ids: string[] = [];
let results: ProbeResult[] = [];
let cpu = { browserMsPerS: NaN, serverAndAgentsMsPerS: NaN };
let info: { eventLoopDelayP99Ms?: number; eventLoopResolutionMs?: number } = {};
try {
  // Agent starts spread over 5 s: 20 node processes starting at once on 2 cores would measure node's startup.
  for (let i = 0; i < agents; i++) {
    const { id } = await httpJson<{ id: string }>('POST', `${server.url}/api/executions`, {
      executor: 'claude-code',
      prompt: `paint ${i}`,
    });
    ids.push(id);
    await sleep(5000 / agents);
  }
  const open: Page[] = [];
  for (const id of ids.slice(0, pages)) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(installPaintProbe);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/executions/${id}`);
    await page.locator('[data-testid="conversation"][data-ready="1"]').waitFor({ timeout: 30_000 });
    open.push(page);
  }
  await sleep(warmup * 1000);
  await Promise.all(
    open.map((p) => p.evaluate(() => (globalThis as unknown as Probed).__paintProbe.reset())),
  );
  const cpuBefore = treeCpuMs(process.pid, server.pid);
  for (let s = 0; s < seconds; s += 10) {
    await sleep(Math.min(10, seconds - s) * 1000);
    const n = await Promise.all(
      open.map((p) => p.evaluate(() => (globalThis as unknown as Probed).__paintProbe.samples.length)),
    );
    process.stderr.write(`  ${Math.min(seconds, s + 10)}s/${seconds}s: ${n.join(' + ')} deltas painted\n`);
  }
  results = await Promise.all(
    open.map((p) =>
      p.evaluate(() => {
        const s = (globalThis as unknown as Probed).__paintProbe;
        const { samples, unpainted, unpaintedMarkers, late, longFrames, clockSkewMs } = s;
        return { samples, unpainted, unpaintedMarkers, late, longFrames, clockSkewMs };
      }),
    ),
  );
  const cpuAfter = treeCpuMs(process.pid, server.pid);
  cpu = {
    browserMsPerS: (cpuAfter.rest - cpuBefore.rest) / seconds,
    serverAndAgentsMsPerS: (cpuAfter.apart - cpuBefore.apart) / seconds,
  };
  info = await httpJson('GET', `${server.url}/api/info`);
} finally {
  await Promise.all(
    ids.map((id) => httpJson('POST', `${server.url}/api/executions/${id}/stop`, {}).catch(() => null)),
  );
  await browser.close();
  await server.stop();
}

const samples = results.flatMap((r) => r.samples);
const total = samples.map((s) => s.paint - s.send);
const toPage = samples.map((s) => s.arrive - s.send);
const toDom = samples.map((s) => s.commit - s.arrive);
const toPaint = samples.map((s) => s.paint - s.commit);
const stats = (xs: number[]) => ({
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  p99: percentile(xs, 99),
  max: xs.reduce((m, x) => (x > m ? x : m), 0),
});
const paint = stats(total);
const legs = { agentToPage: stats(toPage), pageToDom: stats(toDom), domToPaint: stats(toPaint) };
const longFrames = results.flatMap((r) => r.longFrames).sort((x, y) => y.ms - x.ms);
const loadAfter = loadavg()[0]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const lines = [
  `\nLive paint latency: ${agents} agents streaming, ${pages} of them shown live in Chromium, ${seconds} s`,
  `  deltas painted: ${samples.length} (${results.map((r) => r.unpainted).reduce((x, y) => x + y, 0)} arrived but not drawn as text)`,
  `  agent write → painted:  p50 ${ms(paint.p50)}  p95 ${ms(paint.p95)}  p99 ${ms(paint.p99)}  max ${ms(paint.max)}`,
  `    agent write → page event:  p50 ${ms(legs.agentToPage.p50)}  p99 ${ms(legs.agentToPage.p99)}  max ${ms(legs.agentToPage.max)}`,
  `    page event → in the DOM:   p50 ${ms(legs.pageToDom.p50)}  p99 ${ms(legs.pageToDom.p99)}  max ${ms(legs.pageToDom.max)}`,
  `    in the DOM → painted:      p50 ${ms(legs.domToPaint.p50)}  p99 ${ms(legs.domToPaint.p99)}  max ${ms(legs.domToPaint.max)}`,
  `  CPU per second: Chromium ${cpu.browserMsPerS.toFixed(0)} ms (${pages} pages), server and agents ${cpu.serverAndAgentsMsPerS.toFixed(0)} ms`,
  `  long animation frames (> 50 ms): ${longFrames.length}${longFrames.length > 0 ? `, longest ${ms(longFrames[0]!.ms)} (${longFrames[0]!.script})` : ''}`,
  `  server event-loop delay p99: ${info.eventLoopDelayP99Ms === undefined ? '?' : ms(Math.max(0, info.eventLoopDelayP99Ms - (info.eventLoopResolutionMs ?? 10)))} beyond its sampling interval`,
  `  ${paint.p99 <= TARGET_P99_MS ? 'PASS' : 'FAIL'}  p99 ≤ ${TARGET_P99_MS} ms (the agent's write is when the delta reaches the server's pipe: a bound from above)`,
];
if (loadBefore > 2)
  lines.push(
    `note: the machine was busy (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on 2 cores): latencies include that`,
  );
const skew = Math.max(...results.map((r) => Math.abs(r.clockSkewMs)));
if (skew > 2) lines.push(`note: a page clock differs from the system clock by ${skew.toFixed(1)} ms`);
process.stdout.write(lines.join('\n') + '\n');
const file = saveResults('paint', {
  config: { agents, pages, seconds, warmup, speed, deltasPerRun: deltas },
  targetP99Ms: TARGET_P99_MS,
  samples: samples.length,
  unpainted: results.map((r) => r.unpainted),
  paintMs: paint,
  legsMs: legs,
  longFrames: longFrames.slice(0, 20),
  lateDrawn: results.flatMap((r) => r.late).slice(0, 20),
  serverEventLoopDelayP99Ms: info.eventLoopDelayP99Ms,
  cpuMsPerSecond: cpu,
  loadAverage: [loadBefore, loadAfter],
});
process.stderr.write(`saved ${file}\n`);

/** The page's probe, read with functions (not strings: the page's CSP forbids eval) that name nothing outside. */
type Probed = { __paintProbe: ProbeResult & { reset(): void } };
