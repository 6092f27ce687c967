// The stand-in for `claude` under load: a generated Claude Code run written on schedule, each line stamped with
// `_t` (send time) first. bench:load paces it from one worker thread into a FIFO per run that the `claude`
// wrapper cats (load/fifo-pacer.ts); without $LOAD_FIFO_DIR the wrapper runs it as a Node process printing to
// stdout (bench:paint). Node process: env LOAD_AGENT_SPEED (× realistic), size LOAD_AGENT_DELTAS, content
// LOAD_AGENT_SEED; LOAD_AGENT_PAINT_MARKS=1 also writes each text delta's send time into its text (bench:paint).
import { setTimeout as sleep } from 'node:timers/promises';
import { generateClaudeRun } from '../../src/demo/claude-run.js';
import { PaintMarks } from '../paint/paint-mark.js';

export interface LoadAgentConfig {
  /** Pace multiplier over the generator's realistic delays. */
  speed: number;
  deltas: number;
  seed: number;
  /** Text deltas carry their send time as a paint marker. */
  paintMarks?: boolean;
}

/** Where a run's lines go; `write` returns false while the reader is behind (then `drained` waits). */
export interface AgentSink {
  write(s: string): boolean;
  drained(): Promise<void>;
  /** The reader went away (EPIPE): the run was stopped. */
  readonly gone: boolean;
}

export interface PaceReport {
  lines: number;
  /** The run ended because its reader went away, not by itself. */
  stopped: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): LoadAgentConfig {
  const num = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    speed: num('LOAD_AGENT_SPEED', 1),
    deltas: Math.round(num('LOAD_AGENT_DELTAS', 400)),
    seed: Math.round(num('LOAD_AGENT_SEED', process.pid)),
    paintMarks: env.LOAD_AGENT_PAINT_MARKS === '1',
  };
}

/** `{"type":…}` → `{"_t":NOW,"type":…}`; a line already stamped gets a fresh stamp; non-objects pass unchanged. */
export function stamp(line: string, now: number): string {
  if (line.charCodeAt(0) !== 123 /* { */) return line;
  if (line.startsWith('{"_t":')) {
    const comma = line.indexOf(',');
    return comma < 0 ? `{"_t":${now}}` : `{"_t":${now}${line.slice(comma)}`;
  }
  return line.length === 2 ? `{"_t":${now}}` : `{"_t":${now},${line.slice(1)}`;
}

/** Writes the run to `out` on schedule; lines due together go out in one write, stamped when written.
 *  `onLate(ms)` gets how late each write went out against its schedule (the pacer's own fidelity). */
export async function paceRun(
  cfg: LoadAgentConfig,
  out: AgentSink,
  onLate: (ms: number) => void = () => {},
): Promise<PaceReport> {
  const start = Date.now();
  let due = 0; // ms after start at which the next line is due
  let batch = '';
  let batchDue = 0;
  let lines = 0;
  const marks = cfg.paintMarks ? new PaintMarks() : null;
  const flush = async () => {
    onLate(Date.now() - (start + batchDue));
    if (!out.write(batch)) await out.drained();
    batch = '';
  };
  for (const { line, delayMs } of generateClaudeRun({ seed: cfg.seed, targetDeltas: cfg.deltas })) {
    due += delayMs / cfg.speed;
    const wait = start + due - Date.now();
    if (wait >= 1) {
      if (batch !== '') await flush();
      if (out.gone) return { lines, stopped: true };
      await sleep(wait);
    }
    if (batch === '') batchDue = due;
    const marked = marks === null ? line : marks.line(line, performance.timeOrigin + performance.now());
    batch += stamp(marked, Date.now()) + '\n';
    lines++;
  }
  if (batch !== '') await flush();
  return { lines, stopped: out.gone };
}

/** The run on a stream (the Node process's stdout); returns the lines written. */
export async function runLoadAgent(
  cfg: LoadAgentConfig,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let gone = false;
  out.on('error', () => void (gone = true)); // the reader went away (execution stopped)
  const sink: AgentSink = {
    write: (s) => !gone && out.write(s),
    drained: () => (gone ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve))),
    get gone() {
      return gone;
    },
  };
  return (await paceRun(cfg, sink)).lines;
}

/** Entry point of the `claude` wrapper script beside this file (without $LOAD_FIFO_DIR). */
export async function main(): Promise<void> {
  process.stdout.on('error', () => process.exit(0)); // the reader went away (execution stopped)
  await runLoadAgent(configFromEnv());
}
