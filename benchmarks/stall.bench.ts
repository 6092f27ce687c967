// Event-loop stalls under hostile volume: a 10 s `yes` run stored, stopped and compacted, then a 1 M-line
// history read (JSON pages, plain-line pages and SSE), against a real server process. The server's own
// event-loop delay histogram (/api/info) covers the whole run; a probe also times a trivial request
// every 50 ms from outside. Targets: loop delay p99 < 50 ms and max < 250 ms, stop → final status
// within 2 s, RSS bounded.
import { request } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from '../src/runner/repo-root.js';
import { httpJson, http } from './load/http-client.js';
import { startServer } from './load/server-process.js';
import { benchDir, percentile, saveResults } from './support.js';

interface Exec {
  id: string;
  status: string;
  lines: number;
  compacted: boolean;
}
interface Info {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  eventLoopResolutionMs: number;
  /** Absent from servers before 0.1's stall work (they sampled every 10 ms only). */
  eventLoopDelayCoarse?: { resolutionMs: number; p99Ms: number; maxMs: number };
  rssBytes: number;
}

const YES_SECONDS = Number(process.env.STALL_YES_SECONDS ?? 10);
const HISTORY_LINES = Number(process.env.STALL_HISTORY_LINES ?? 1_000_000);

const log = (s: string) => process.stderr.write(`  ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = benchDir();
// Extra node options for the server, e.g. STALL_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to find long tasks.
const nodeArgs = (process.env.STALL_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const server = await startServer(
  process.execPath,
  [
    ...nodeArgs,
    join(repoRoot(), 'bin', 'tokenfold.js'),
    'serve',
    '--db',
    join(dir, 'stall.db'),
    '--port',
    '0',
    '--quiet',
  ],
  process.env,
);
const url = server.url;

// Outside probe: a trivial request every 50 ms; its latency includes any loop stall.
const probe: number[] = [];
/** Probe latencies per phase of the benchmark. */
const phases: Record<string, number[]> = {};
let phase = 'start';
const enter = (name: string) => (phases[(phase = name)] = []);
const rss: number[] = [];
/** Largest sampled RSS per phase (MB). */
const rssByPhase: Record<string, number> = {};
let probing = true;
const probeLoop = (async () => {
  while (probing) {
    const t0 = performance.now();
    const info = await httpJson<Info>('GET', `${url}/api/info`);
    probe.push(performance.now() - t0);
    (phases[phase] ??= []).push(performance.now() - t0);
    rss.push(info.rssBytes);
    rssByPhase[phase] = Math.max(rssByPhase[phase] ?? 0, Math.round(info.rssBytes / 2 ** 20));
    await sleep(50);
  }
})();

async function waitFor(id: string, done: (e: Exec) => boolean, timeoutMs: number): Promise<Exec> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const e = await httpJson<Exec>('GET', `${url}/api/executions/${id}`);
    if (done(e)) return e;
    if (Date.now() > end)
      throw new Error(
        `execution ${id} still ${e.status}${e.compacted ? '' : ', not compacted'} after ${timeoutMs} ms`,
      );
    await sleep(20);
  }
}

/** Reads an SSE stream to its `finished` event; returns the number of `line` events. */
function readSse(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { headers: { accept: 'text/event-stream' } }, (res) => {
      let lines = 0;
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        const text = tail + s;
        let at = 0;
        for (let i = text.indexOf('event: line\n'); i !== -1; i = text.indexOf('event: line\n', i + 1))
          (lines++, (at = i + 1));
        if (text.includes('event: finished')) (res.destroy(), resolve(lines));
        tail = text.slice(Math.max(at, text.length - 20));
      });
      res.on('error', reject);
      res.on('end', () => resolve(lines));
    })
      .on('error', reject)
      .end();
  });
}

log(`yes for ${YES_SECONDS} s`);
enter('yes running');
const yes = await httpJson<Exec>('POST', `${url}/api/executions`, {
  executor: 'command',
  command: 'yes',
  kind: 'dev-server',
});
await sleep(YES_SECONDS * 1000);
const stopAt = performance.now();
enter('stop and compaction');
await http('POST', `${url}/api/executions/${yes.id}/stop`);
const stopped = await waitFor(yes.id, (e) => e.status !== 'running', 120_000);
const stopToFinalMs = performance.now() - stopAt;
log(
  `stopped after ${stopped.lines.toLocaleString('en-US')} lines: final status ${stopped.status} ${Math.round(stopToFinalMs)} ms after stop`,
);
const compacted = await waitFor(yes.id, (e) => e.compacted, 300_000);
const stopToCompactedMs = performance.now() - stopAt;
log(`compacted ${Math.round(stopToCompactedMs)} ms after stop`);

log(`${HISTORY_LINES.toLocaleString('en-US')}-line run`);
enter('history run');
const seq = await httpJson<Exec>('POST', `${url}/api/executions`, {
  executor: 'command',
  command: `seq 1 ${HISTORY_LINES}`,
  kind: 'script',
});
await waitFor(seq.id, (e) => e.compacted, 300_000);
const reads: Record<string, number> = {};
enter('history reads');
for (const [name, query] of [
  ['json pages', 'format=raw&limit=100000'],
  ['plain-line pages', 'format=raw&as=lines&limit=100000'],
] as const) {
  const t0 = performance.now();
  let cursor = -1;
  let items = 0;
  for (;;) {
    const r = await http('GET', `${url}/api/executions/${seq.id}/logs?${query}&cursor=${cursor}`);
    if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    if (query.includes('as=lines')) {
      const n = r.body === '' ? 0 : r.body.split('\n').length - (r.body.endsWith('\n') ? 1 : 0);
      items += n;
      if (n < 100_000 || items === HISTORY_LINES) break;
      cursor += n;
    } else {
      const page = JSON.parse(r.body) as { items: unknown[]; nextCursor: number | null };
      items += page.items.length;
      if (page.nextCursor === null || page.items.length === 0 || items === HISTORY_LINES) break;
      cursor = page.nextCursor;
    }
  }
  if (items !== HISTORY_LINES) throw new Error(`${name}: ${items} lines read, want ${HISTORY_LINES}`);
  reads[name] = performance.now() - t0;
  log(`${name}: ${Math.round(reads[name]!)} ms`);
}
const failures: string[] = [];
const BIG_LINE = process.env.STALL_BIG_LINE !== '0';
if (BIG_LINE) enter('70 MB line');
if (BIG_LINE)
  try {
    // One 70 MB line (a minified bundle printed whole): stored, compacted and read back as JSON and as a download.
    const big = await httpJson<Exec>('POST', `${url}/api/executions`, {
      executor: 'command',
      command: "head -c 70000000 /dev/zero | tr '\\0' a; echo",
      kind: 'script',
    });
    await waitFor(big.id, (e) => e.compacted, 300_000);
    // Stored as 1 MB pieces (each but the last without a newline): one JSON page holds them all.
    const t0 = performance.now();
    const r = await http('GET', `${url}/api/executions/${big.id}/logs?format=raw&limit=1000`);
    const text =
      r.status === 200 ? (JSON.parse(r.body) as { items: { text: string }[] }).items.map((i) => i.text) : [];
    if (text.join('') !== 'a'.repeat(70_000_000))
      throw new Error(`HTTP ${r.status}, ${r.body.length} bytes, not the line printed`);
    reads['70 MB line (JSON)'] = performance.now() - t0;
    log(`70 MB line read (${text.length} pieces): ${Math.round(reads['70 MB line (JSON)']!)} ms`);
    const t1 = performance.now();
    const raw = await http('GET', `${url}/api/executions/${big.id}/logs?format=raw&download=1`);
    if (raw.body !== 'a'.repeat(70_000_000) + '\n') throw new Error(`download: ${raw.body.length} bytes`);
    reads['70 MB line (download)'] = performance.now() - t1;
  } catch (err) {
    failures.push(`70 MB line: ${(err as Error).message}`);
  }
enter('history reads (SSE)');
try {
  const t0 = performance.now();
  const n = await readSse(`/api/executions/${seq.id}/stream?format=raw`);
  if (n !== HISTORY_LINES) throw new Error(`${n} lines, want ${HISTORY_LINES}`);
  reads.sse = performance.now() - t0;
  log(`sse: ${Math.round(reads.sse)} ms`);
} catch (err) {
  failures.push(`SSE history: ${(err as Error).message}`);
}

probing = false;
await probeLoop;
const info = await httpJson<Info>('GET', `${url}/api/info`);
info.eventLoopDelayCoarse ??= {
  resolutionMs: info.eventLoopResolutionMs,
  p99Ms: info.eventLoopDelayP99Ms,
  maxMs: info.eventLoopDelayMaxMs,
};
const peakRss = server.peakRssBytes();
await server.stop();

const results = {
  yesSeconds: YES_SECONDS,
  yesLines: compacted.lines,
  historyLines: HISTORY_LINES,
  eventLoopDelayP99Ms: info.eventLoopDelayP99Ms,
  eventLoopDelayMaxMs: info.eventLoopDelayMaxMs,
  eventLoopResolutionMs: info.eventLoopResolutionMs,
  eventLoopDelayCoarse: info.eventLoopDelayCoarse,
  probeP99Ms: percentile(probe, 99),
  probeMaxMs: Math.max(...probe),
  stopToFinalMs,
  stopToCompactedMs,
  readsMs: reads,
  probeByPhase: Object.fromEntries(
    Object.entries(phases).map(([k, v]) => [k, { p99: percentile(v, 99), max: Math.max(0, ...v) }]),
  ),
  peakRssMb: peakRss / 2 ** 20,
  rssByPhaseMb: rssByPhase,
  maxSampledRssMb: Math.max(...rss) / 2 ** 20,
};
const checks = [
  ['event-loop delay p99 < 50 ms', results.eventLoopDelayP99Ms < 50],
  ['event-loop delay max < 250 ms', results.eventLoopDelayMaxMs < 250],
  ['stop → final status < 2 s', stopToFinalMs < 2000],
  ['peak RSS < 512 MB', results.peakRssMb < 512],
  ...failures.map((f) => [f, false] as const),
] as const;
process.stdout.write(
  `\nstall (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n` +
    `yes: ${results.yesLines.toLocaleString('en-US')} lines in ${YES_SECONDS} s; history: ${HISTORY_LINES.toLocaleString('en-US')} lines\n` +
    `event-loop delay (server): p99 ${results.eventLoopDelayP99Ms.toFixed(1)} ms, max ${results.eventLoopDelayMaxMs.toFixed(1)} ms (sampled every ${info.eventLoopResolutionMs} ms; ` +
    `every ${info.eventLoopDelayCoarse!.resolutionMs} ms: p99 ${info.eventLoopDelayCoarse!.p99Ms.toFixed(1)}, max ${info.eventLoopDelayCoarse!.maxMs.toFixed(1)} ms)\n` +
    `probe request latency: p99 ${results.probeP99Ms.toFixed(1)} ms, max ${results.probeMaxMs.toFixed(1)} ms\n` +
    `stop → final status ${Math.round(stopToFinalMs)} ms; stop → compacted ${Math.round(stopToCompactedMs)} ms\n` +
    `probe by phase: ${Object.entries(phases)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => `${k} p99 ${percentile(v, 99).toFixed(0)} / max ${Math.max(...v).toFixed(0)} ms`)
      .join('; ')}\n` +
    `reads: ${Object.entries(reads)
      .map(([k, v]) => `${k} ${Math.round(v)} ms`)
      .join(', ')}\n` +
    `peak RSS ${results.peakRssMb.toFixed(0)} MB; sampled by phase: ${Object.entries(rssByPhase)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} MB\n` +
    checks.map(([what, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}`).join('\n') +
    '\n',
);
process.stdout.write(
  `results: ${saveResults('stall', { ...results, checks: Object.fromEntries(checks) })}\n`,
);
