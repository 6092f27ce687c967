// Drives one server under load: N agent executions each watched over SSE, plus M history readers.
// Everything stops by itself: no new run after the deadline, running ones are stopped, streams closed.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientAgent, http, httpJson } from './http-client.js';
import { openStream, type StreamHandle } from './sse-client.js';

export interface Target {
  name: string;
  url: string;
  streamPath: (id: string) => string;
  historyPath: (id: string) => string;
}

export interface LoadOptions {
  agents: number;
  readers: number;
  /** Load duration; with `oneRunEach` the hard bound for the runs to end by themselves. */
  seconds: number;
  /** Each agent slot runs one execution to its end instead of starting new ones until the deadline. */
  oneRunEach?: boolean;
  /** Pause between one reader's requests (0: back to back). */
  readPauseMs?: number;
  /** Agent starts are spread over this long (default: a quarter of the window, at most 5 s): 20 processes
   *  starting at once on 2 cores would mostly measure node's startup. */
  staggerMs?: number;
  /** Finished executions stored before the load: history readers pick among these and the load's own runs. */
  seededIds?: string[];
  /** Called at the deadline, before running executions are stopped (e.g. to snapshot server figures). */
  atDeadline?: () => Promise<void>;
  /** The prompt of slot's next run (the stand-in agent's FIFO, load/fifo-agents.ts); default `load SLOT`. */
  prompt?: (slot: number) => Promise<string>;
}

export interface LoadResult {
  wallSeconds: number;
  runs: number;
  runsFinished: number;
  streamErrors: string[];
  deliveryMs: number[];
  historyMs: number[];
  /** The same reads split by what they read: a seeded (long, finished) execution or one the load started. */
  historyPastMs: number[];
  historyLiveMs: number[];
  historyErrors: number;
  /** Failed history reads whose answer says "database is locked" / SQLITE_BUSY. */
  historyLockErrors: number;
  historyErrorSamples: string[];
  /** The benchmark process's own event-loop delay (high values would inflate the latencies it measures). */
  clientLoopP99Ms: number;
}

export async function runLoad(t: Target, o: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const deadline = started + o.seconds * 1000;
  const stagger = o.staggerMs ?? Math.min(5000, (o.seconds * 1000) / 4);
  const r: LoadResult = {
    wallSeconds: 0,
    runs: 0,
    runsFinished: 0,
    streamErrors: [],
    deliveryMs: [],
    historyMs: [],
    historyPastMs: [],
    historyLiveMs: [],
    historyErrors: 0,
    historyLockErrors: 0,
    historyErrorSamples: [],
    clientLoopP99Ms: 0,
  };
  const seeded = o.seededIds ?? [];
  const ids: string[] = [...seeded];
  const active = new Map<string, StreamHandle>();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const onLatency = (ms: number) => void r.deliveryMs.push(ms);
  let everyoneDone = false;
  // One unref'd timer for everyone: runs that end early leave nothing keeping the process alive.
  const deadlineReached = sleep(o.seconds * 1000, null, { ref: false });

  const agent = async (slot: number) => {
    await sleep((slot * stagger) / Math.max(1, o.agents));
    while (Date.now() < deadline) {
      let id: string;
      try {
        const prompt = o.prompt ? await o.prompt(slot) : `load ${slot}`;
        ({ id } = await httpJson<{ id: string }>('POST', `${t.url}/api/executions`, {
          executor: 'claude-code',
          prompt,
        }));
      } catch (err) {
        r.streamErrors.push(`could not start a run: ${(err as Error).message}`);
        await sleep(500, null, { ref: false });
        continue;
      }
      const s = openStream(t.url + t.streamPath(id), { agent: clientAgent, onLatency });
      ids.push(id);
      active.set(id, s);
      r.runs++;
      const end = await Promise.race([s.done, deadlineReached]);
      if (end === null) break; // deadline: stopped below
      active.delete(id);
      if (end.finished) r.runsFinished++;
      else r.streamErrors.push(end.error ?? 'stream ended without `finished`');
      if (o.oneRunEach) break;
    }
  };

  const reader = async () => {
    while (!everyoneDone && Date.now() < deadline) {
      if (ids.length === 0) {
        await sleep(50);
        continue;
      }
      const pick = Math.floor(Math.random() * ids.length);
      const id = ids[pick]!;
      const t0 = performance.now();
      try {
        const res = await http('GET', t.url + t.historyPath(id));
        const ms = performance.now() - t0;
        if (res.status === 200)
          (r.historyMs.push(ms), (pick < seeded.length ? r.historyPastMs : r.historyLiveMs).push(ms));
        else countHistoryError(`HTTP ${res.status} ${res.body.slice(0, 200)}`);
      } catch (err) {
        countHistoryError((err as Error).message);
      }
      if (o.readPauseMs) await sleep(o.readPauseMs, null, { ref: false });
    }
  };
  const countHistoryError = (msg: string) => {
    r.historyErrors++;
    if (/database is locked|SQLITE_BUSY/i.test(msg)) r.historyLockErrors++;
    if (r.historyErrorSamples.length < 5 && !r.historyErrorSamples.includes(msg))
      r.historyErrorSamples.push(msg);
  };

  const ticker = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    process.stderr.write(
      `  ${t.name}: ${s}s/${o.seconds}s, ${active.size} streaming, ${r.runs} runs started, ${r.deliveryMs.length.toLocaleString('en-US')} lines delivered, ${r.historyMs.length} history reads (${r.historyErrors} failed)\n`,
    );
  }, 2000);
  const agents = Promise.all(Array.from({ length: o.agents }, (_, i) => agent(i))).finally(
    () => (everyoneDone = !!o.oneRunEach),
  );
  const readers = Promise.all(Array.from({ length: o.readers }, () => reader()));
  try {
    await agents;
    await readers;
  } finally {
    clearInterval(ticker);
    await o
      .atDeadline?.()
      .catch((err: Error) => void process.stderr.write(`  ${t.name}: at the deadline: ${err.message}\n`));
    await stopAll(t, active, r);
    loop.disable();
  }
  r.wallSeconds = (Date.now() - started) / 1000;
  r.clientLoopP99Ms = Math.max(0, loop.percentile(99) / 1e6 - 10); // beyond the 10 ms sampling interval
  return r;
}

/** Past the deadline: stop what still runs, give streams a few seconds to finish, then cut them. */
async function stopAll(t: Target, active: Map<string, StreamHandle>, r: LoadResult): Promise<void> {
  const left = [...active];
  await Promise.all(
    left.map(([id]) => http('POST', `${t.url}/api/executions/${id}/stop`, {}).catch(() => null)),
  );
  const ends = await Promise.all(
    left.map(([, s]) => Promise.race([s.done, sleep(5000, null, { ref: false })])),
  );
  for (const [i, end] of ends.entries()) {
    if (end === null) (left[i]![1].close(), r.streamErrors.push('stream still open 5 s after stop'));
  }
  active.clear();
}
