// The demo agent: prints a generated Claude Code run to a stream at a realistic (or scaled) pace; also a `claude` stand-in.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateRun, type DemoFormat } from './formats/index.js';
import { parseDemoArgs } from './demo-args.js';

export interface DemoAgentOptions {
  /** The agent whose output to print (default claude-code). */
  format?: DemoFormat;
  /** Default: a random seed. */
  seed?: number;
  /** 1 = realistic pace, 10 = ten times faster, 0 or Infinity = no delays (default 1). */
  speed?: number;
  prompt?: string;
  targetDeltas?: number;
  /** The session the run continues (`--resume ID`): its lines carry this session id. Default: a new one. */
  sessionId?: string;
  /** Default: process.stdout. */
  out?: NodeJS.WritableStream;
  /** Aborting stops the output at the next line; the promise then resolves. */
  signal?: AbortSignal;
}

/** Lines due at the same moment go out in one write, up to this many characters. */
const MAX_BATCH = 64 * 1024;

/** Writes the run line by line, sleeping delayMs/speed before each, scheduled against the start time so pauses don't drift. */
export async function runDemoAgent(opts: DemoAgentOptions = {}): Promise<void> {
  const out = opts.out ?? process.stdout;
  const signal = opts.signal;
  const speed = opts.speed ?? 1;
  const paced = speed > 0 && Number.isFinite(speed);
  const run = generateRun(opts.format ?? 'claude-code', {
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 32),
    startTime: Date.now(),
    ...(opts.prompt !== undefined ? { prompt: opts.prompt } : {}),
    ...(opts.targetDeltas !== undefined ? { targetDeltas: opts.targetDeltas } : {}),
    ...(opts.sessionId !== undefined ? { sessionId: opts.sessionId } : {}),
  });
  const start = performance.now();
  let due = 0;
  let batch = '';
  const flush = async () => {
    const chunk = batch;
    batch = '';
    if (chunk !== '' && !out.write(chunk)) await drained(out, signal);
  };
  for (const { line, delayMs } of run) {
    if (signal?.aborted) return;
    if (paced) {
      due += delayMs / speed;
      const wait = start + due - performance.now();
      if (wait >= 1) {
        await flush();
        if (signal?.aborted) return;
        try {
          await sleep(wait, undefined, signal ? { signal } : undefined);
        } catch {
          return; // aborted
        }
      }
    }
    batch += line + '\n';
    if (batch.length >= MAX_BATCH) await flush();
  }
  if (signal?.aborted || (out as { destroyed?: boolean }).destroyed) return;
  // Resolve once the stream has taken the last line, not merely queued it.
  await new Promise<void>((resolve) => out.write(batch, () => resolve()));
}

/** Resolves when `out` can take more data again, or it closed/failed, or the signal fired. */
async function drained(out: NodeJS.WritableStream, signal: AbortSignal | undefined): Promise<void> {
  if ((out as { destroyed?: boolean }).destroyed) return;
  const ac = new AbortController();
  const stop = () => ac.abort();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }),
      once(out, 'error', { signal: ac.signal }),
    ]);
  } catch {
    // aborted, or the stream failed: the caller stops at the next line either way
  } finally {
    ac.abort();
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * `claude`-compatible entry point: `-p PROMPT`, `--verbose`, `--output-format X`, … are accepted; `--seed N`,
 * `--speed X`, `--deltas N` (or TOKENFOLD_DEMO_SEED/SPEED/DELTAS, which win) control the run.
 * Returns the exit code: 0 done, 143 after SIGTERM, 130 after SIGINT, 141 if stdout closed, 2 on bad arguments.
 */
export async function demoAgentMain(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseDemoArgs(argv);
  } catch (err) {
    process.stderr.write(`demo-agent: ${(err as Error).message}\n`);
    return 2;
  }
  const ac = new AbortController();
  let code = 0;
  const onTerm = () => ((code = 143), ac.abort());
  const onInt = () => ((code = 130), ac.abort());
  const onError = () => ((code = code || 141), ac.abort());
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  process.stdout.on('error', onError);
  try {
    await runDemoAgent({
      signal: ac.signal,
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.format !== undefined ? { format: args.format } : {}),
      ...(args.speed !== undefined ? { speed: args.speed } : {}),
      ...(args.prompt !== undefined ? { prompt: args.prompt } : {}),
      ...(args.deltas !== undefined ? { targetDeltas: args.deltas } : {}),
      ...(args.resume !== undefined ? { sessionId: args.resume } : {}),
    });
  } finally {
    process.removeListener('SIGTERM', onTerm);
    process.removeListener('SIGINT', onInt);
    process.stdout.removeListener('error', onError);
  }
  return code;
}
