// One benchmark phase: start a server (tokenfold or the slow-layout model), load it, collect its figures, stop it.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../support.js';
import { runLoad, type LoadOptions, type LoadResult } from './drive.js';
import { FifoAgents } from './fifo-agents.js';
import type { PacerStats } from './fifo-pacer.js';
import { httpJson } from './http-client.js';
import { startServer } from './server-process.js';

export type Layout = 'slow' | 'tokenfold';

export interface PhaseConfig extends LoadOptions {
  name: string;
  layout: Layout;
  root: string;
  dbPath: string;
  speed: number;
  deltas: number;
  /** Slow layout: the ids of the executions seeded into `dbPath` (tokenfold lists its own). */
  seededSlowIds?: string[];
}

export interface PhaseSummary {
  name: string;
  layout: Layout;
  agents: number;
  readers: number;
  deltasPerRun: number;
  speed: number;
  wallSeconds: number;
  runs: number;
  runsFinished: number;
  streamErrors: number;
  streamErrorSamples: string[];
  linesDelivered: number;
  linesDeliveredPerSecond: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  deliveryMaxMs: number;
  historyReads: number;
  historyP50Ms: number;
  historyP99Ms: number;
  historyPastP99Ms: number;
  historyLiveP99Ms: number;
  historyErrors: number;
  historyErrorSamples: string[];
  lockErrors: number;
  /** Lines the server failed to store (slow layout: inserts that hit "database is locked"). */
  linesLost: number;
  eventLoopDelayP99Ms: number;
  peakRssBytes: number;
  clientLoopP99Ms: number;
  /** 1-minute load average when the phase started and ended (other work on the machine skews latencies). */
  loadAverage: [number, number];
  serverInfo: unknown;
  /** The stand-in agents' pacer (one worker thread): runs, lines written, its own lag. */
  pacer: PacerStats;
}

interface Info {
  eventLoopDelayP99Ms?: number;
  eventLoopResolutionMs?: number;
  writer?: { lockErrors?: number; linesLost?: number };
  reader?: { lockErrors?: number };
}

const LOCKED = /database is locked|SQLITE_BUSY/gi;

export async function runPhase(c: PhaseConfig): Promise<PhaseSummary> {
  const agents = new FifoAgents({ speed: c.speed, deltas: c.deltas });
  const env = { ...process.env, ...agents.env() };
  const claude = join(c.root, 'benchmarks', 'load', 'claude');
  const args =
    c.layout === 'tokenfold'
      ? [
          join(c.root, 'bin', 'tokenfold.js'),
          'serve',
          '--port',
          '0',
          '--db',
          c.dbPath,
          '--quiet',
          '--claude-bin',
          claude,
        ]
      : [
          join(c.root, 'dist', 'benchmarks', 'load', 'slow-server.js'),
          '--port',
          '0',
          '--db',
          c.dbPath,
          '--claude-bin',
          claude,
        ];
  const loadBefore = loadavg()[0]!;
  const server = await startServer(process.execPath, args, env).catch(async (err: unknown) => {
    await agents.close();
    throw err;
  });
  process.stderr.write(
    `${c.name}: server pid ${server.pid} at ${server.url}; ${c.agents} agents × ${c.deltas} deltas at ${c.speed}× pace, ${c.readers} history readers, ${c.seconds} s\n`,
  );
  let load: LoadResult;
  let info: Info;
  let atDeadline: Info = {};
  let peak: number;
  let pacer: PacerStats;
  try {
    const seededIds =
      c.layout === 'slow'
        ? (c.seededSlowIds ?? [])
        : (
            await httpJson<{ items: { id: string }[] }>('GET', `${server.url}/api/executions?limit=500`)
          ).items.map((e) => e.id);
    load = await runLoad(
      {
        name: c.name,
        url: server.url,
        streamPath: (id) => `/api/executions/${id}/stream${c.layout === 'tokenfold' ? '?format=deltas' : ''}`,
        historyPath: (id) =>
          `/api/executions/${id}/logs${c.layout === 'tokenfold' ? '?format=deltas&tail=200' : ''}`,
      },
      // Event-loop delay is read at the deadline: it covers the load, not the stopping of what still runs.
      {
        ...c,
        seededIds,
        prompt: (slot) => agents.next(slot),
        atDeadline: async () => void (atDeadline = await httpJson<Info>('GET', `${server.url}/api/info`)),
      },
    );
    info = await httpJson<Info>('GET', `${server.url}/api/info`);
    peak = server.peakRssBytes();
    await server.stop();
    pacer = await agents.stats();
  } finally {
    await server.stop();
    await agents.close();
  }
  const stderrLocks = server.stderr().match(LOCKED)?.length ?? 0;
  const lockErrors =
    c.layout === 'slow'
      ? (info.writer?.lockErrors ?? 0) + (info.reader?.lockErrors ?? 0)
      : Math.max(info.writer?.lockErrors ?? 0, stderrLocks) + load.historyLockErrors;
  const d = load.deliveryMs;
  return {
    name: c.name,
    layout: c.layout,
    agents: c.agents,
    readers: c.readers,
    deltasPerRun: c.deltas,
    speed: c.speed,
    wallSeconds: load.wallSeconds,
    runs: load.runs,
    runsFinished: load.runsFinished,
    streamErrors: load.streamErrors.length,
    streamErrorSamples: [...new Set(load.streamErrors)].slice(0, 5),
    linesDelivered: d.length,
    linesDeliveredPerSecond: d.length / load.wallSeconds,
    deliveryP50Ms: percentile(d, 50),
    deliveryP99Ms: percentile(d, 99),
    deliveryMaxMs: d.reduce((a, b) => (b > a ? b : a), 0),
    historyReads: load.historyMs.length,
    historyP50Ms: percentile(load.historyMs, 50),
    historyP99Ms: percentile(load.historyMs, 99),
    historyPastP99Ms: percentile(load.historyPastMs, 99),
    historyLiveP99Ms: percentile(load.historyLiveMs, 99),
    historyErrors: load.historyErrors,
    historyErrorSamples: load.historyErrorSamples,
    lockErrors,
    linesLost: info.writer?.linesLost ?? 0,
    eventLoopDelayP99Ms: loopDelay(atDeadline),
    peakRssBytes: peak,
    clientLoopP99Ms: load.clientLoopP99Ms,
    loadAverage: [loadBefore, loadavg()[0]!],
    serverInfo: { atDeadline, atEnd: info },
    pacer,
  };
}

/** monitorEventLoopDelay's samples include its sampling interval (an idle loop reads ~10 ms at resolution 10):
 *  report only the delay beyond it. tokenfold samples every 10 ms unless /api/info says otherwise. */
function loopDelay(info: Info): number {
  if (info.eventLoopDelayP99Ms === undefined) return NaN;
  return Math.max(0, info.eventLoopDelayP99Ms - (info.eventLoopResolutionMs ?? 10));
}
