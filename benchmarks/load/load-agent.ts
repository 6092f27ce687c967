// A stand-in for `claude` under load: prints a generated Claude Code run, each line stamped with `_t` first.
// Ignores its arguments. Pace: env LOAD_AGENT_SPEED (× realistic), size: LOAD_AGENT_DELTAS, content: LOAD_AGENT_SEED;
// LOAD_AGENT_PAINT_MARKS=1 also writes each text delta's send time into its text (bench:paint).
import { setTimeout as sleep } from 'node:timers/promises';
import { generateClaudeRun } from '../../src/demo/claude-run.js';
import { PaintMarks } from '../paint/paint-mark.js';

export interface LoadAgentConfig {
  speed: number;
  deltas: number;
  seed: number;
  /** Text deltas carry their send time as a paint marker. */
  paintMarks?: boolean;
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

/** Writes the run to `out` on schedule; lines due together go out in one write, stamped when written. */
export async function runLoadAgent(
  cfg: LoadAgentConfig,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const start = Date.now();
  let due = 0; // ms after start at which the next line is due
  let batch = '';
  let lines = 0;
  const marks = cfg.paintMarks ? new PaintMarks() : null;
  for (const { line, delayMs } of generateClaudeRun({ seed: cfg.seed, targetDeltas: cfg.deltas })) {
    due += delayMs / cfg.speed;
    const wait = start + due - Date.now();
    if (wait >= 1) {
      if (batch !== '') (await write(out, batch), (batch = ''));
      await sleep(wait);
    }
    const marked = marks === null ? line : marks.line(line, performance.timeOrigin + performance.now());
    batch += stamp(marked, Date.now()) + '\n';
    lines++;
  }
  if (batch !== '') await write(out, batch);
  return lines;
}

function write(out: NodeJS.WritableStream, s: string): Promise<void> | void {
  if (out.write(s)) return;
  return new Promise((resolve) => out.once('drain', resolve));
}

/** Entry point of the `claude` wrapper script beside this file. */
export async function main(): Promise<void> {
  process.stdout.on('error', () => process.exit(0)); // the reader went away (execution stopped)
  await runLoadAgent(configFromEnv());
}
