// Nearly free stand-in agents for the load benchmarks. The server spawns `benchmarks/load/claude`, a shell
// script that `exec cat`s the FIFO named by its prompt in $LOAD_FIFO_DIR; a worker thread of the benchmark
// (fifo-pacer.ts) writes each run's generated lines into its FIFO on schedule, `_t`-stamped at write time.
// The server still reads a real child's stdout pipe, gets its exit status (0 at the end of the run) and
// stops it by signal (the pacer's next write gets EPIPE and that run ends); a Node process per agent cost
// 3-4 % of a core at 50 lines/s, an idle `cat` costs nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { PacerRequest, PacerStats } from './fifo-pacer.js';

const run = promisify(execFile);
/** The prompt the `claude` wrapper recognises (it accepts letters, digits, `-` and `_` after it). */
const PREFIX = 'loadfifo-';

export interface FifoAgentsConfig {
  /** Pace multiplier over the generator's realistic delays. */
  speed: number;
  deltas: number;
}

export class FifoAgents {
  readonly dir = mkdtempSync(join(tmpdir(), 'tokenfold-load-fifos-'));
  #worker = new Worker(new URL('./fifo-pacer.js', import.meta.url));
  #next = 0;

  constructor(readonly config: FifoAgentsConfig) {
    this.#worker.unref();
  }

  /** Environment for the server that spawns the wrapper. */
  env(): Record<string, string> {
    return { LOAD_FIFO_DIR: this.dir };
  }

  /** A new run's FIFO, paced as soon as a `cat` opens it; returns the prompt that names it. */
  async next(slot: number): Promise<string> {
    const n = this.#next++;
    const name = `${PREFIX}${slot}-${n}`;
    const path = join(this.dir, name);
    await run('mkfifo', ['-m', '600', path]);
    const req: PacerRequest = { type: 'run', path, openTimeoutMs: 30_000, ...this.config, seed: 1 + n };
    this.#worker.postMessage(req);
    return name;
  }

  stats(): Promise<PacerStats> {
    return new Promise((resolve) => {
      this.#worker.once('message', resolve);
      this.#worker.postMessage({ type: 'stats' } satisfies PacerRequest);
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
