// Worker thread pacing every stand-in agent of a load benchmark: for each run, waits for the `claude` wrapper's
// `cat` to open its FIFO, then writes the generated run into it on schedule (load-agent.ts). One thread for all
// runs instead of one Node process per agent: 100 agents cost 100 idle `cat`s (see load/fifo-agents.ts).
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { paceRun, type AgentSink, type LoadAgentConfig } from './load-agent.js';

export type PacerRequest =
  ({ type: 'run'; path: string; openTimeoutMs: number } & LoadAgentConfig) | { type: 'stats' };

export interface PacerStats {
  runs: number;
  /** Runs whose `cat` never opened the FIFO (the server did not start it). */
  neverOpened: number;
  /** Runs that ended because their reader went away (stopped by the server). */
  stopped: number;
  lines: number;
  /** How late writes went out against their schedule (the pacer's own lag), p50 / p99 / max. */
  lateP50Ms: number;
  lateP99Ms: number;
  lateMaxMs: number;
}

const late: number[] = [];
const stats = { runs: 0, neverOpened: 0, stopped: 0, lines: 0 };

parentPort!.on('message', (m: PacerRequest) => {
  if (m.type === 'stats') parentPort!.postMessage(snapshot());
  else void run(m);
});

async function run(m: Extract<PacerRequest, { type: 'run' }>): Promise<void> {
  stats.runs++;
  const fd = await openForWriting(m.path, m.openTimeoutMs);
  unlink(m.path); // both ends are open (or never will be): the name is no longer needed
  if (fd === null) return void stats.neverOpened++;
  const out = fifoSink(fd);
  const r = await paceRun(m, out.sink, (ms) => void late.push(ms));
  stats.lines += r.lines;
  if (r.stopped) stats.stopped++;
  out.end(); // EOF: the `cat` exits 0, as an agent that finished
}

/** O_NONBLOCK: opening a FIFO with no reader fails (ENXIO) instead of blocking; retried until `cat` opens it. */
async function openForWriting(path: string, timeoutMs: number): Promise<number | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > until) return null;
    }
    await sleep(2);
  }
}

/** Non-blocking writes on the FIFO: a full pipe (EAGAIN) waits for the reader as a blocked agent would, a
 *  reader gone (EPIPE: the `cat` was stopped) ends the run. Bytes not yet taken are kept in order. */
function fifoSink(fd: number): { sink: AgentSink; end(): void } {
  let gone = false;
  let pending: Buffer | null = null;
  const push = (b: Buffer): void => {
    let off = 0;
    try {
      while (off < b.length) off += writeSync(fd, b, off);
      pending = null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') pending = b.subarray(off);
      else gone = true; // EPIPE
    }
  };
  const sink: AgentSink = {
    write: (s) => {
      if (gone) return false;
      push(Buffer.from(s));
      return pending === null && !gone;
    },
    drained: async () => {
      while (pending !== null && !gone) {
        await sleep(1);
        push(pending);
      }
    },
    get gone() {
      return gone;
    },
  };
  return { sink, end: () => closeSync(fd) };
}

function unlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function snapshot(): PacerStats {
  const s = [...late].sort((a, b) => a - b);
  const at = (p: number) =>
    s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  return { ...stats, lateP50Ms: at(50), lateP99Ms: at(99), lateMaxMs: s.at(-1) ?? 0 };
}
