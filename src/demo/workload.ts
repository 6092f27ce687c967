// The benchmark workload, shaped like a real slow database: 49 coding-agent runs (one very large, a long tail of
// smaller ones, ~2.5% duplicated delta lines) and 8 dev servers; plus one very large run for the ingest benchmark.
import { generateClaudeRun } from './claude-run.js';
import { devServerOutput } from './dev-server.js';
import { insertDuplicates } from './duplicates.js';
import { Rng } from './prng.js';
import type { DeltaStyle } from './split-deltas.js';

export interface WorkloadExecution {
  id: string;
  kind: 'coding-agent' | 'dev-server';
  /** stdout lines, without newlines. */
  lines: string[];
  stderr: string[];
  startedAt: string;
  endedAt: string;
  exitCode: number;
}

export interface Workload {
  executions: WorkloadExecution[];
}

/** Targets at scale 1. */
export const WORKLOAD_SHAPE = {
  agentRuns: 49,
  agentLines: 68_000,
  largestDeltaLines: 25_000,
  devServers: 8,
  devServerLines: 124,
  duplicateRate: 0.025,
  interruptedRuns: 2,
} as const;

/** Deterministic for a seed; `scale` shrinks every execution's size (the number of executions stays 57). */
export function generateWorkload(opts: { seed?: number; scale?: number } = {}): Workload {
  const S = WORKLOAD_SHAPE;
  const scale = opts.scale ?? 1;
  const rng = new Rng(opts.seed ?? 1);
  const plan = planTimes(rng, S.agentRuns + S.devServers);

  // The largest run: an older model streaming word by word, so nearly every line is a delta.
  const largestDeltas = Math.max(3, Math.round((S.largestDeltaLines * scale) / (1 + S.duplicateRate)));
  const weights = Array.from({ length: S.agentRuns - 1 }, () => Math.exp(gaussian(rng) * 1.2)).sort(
    (a, b) => b - a,
  );
  let budget = S.agentLines * scale;
  let weightLeft = weights.reduce((a, b) => a + b, 0);
  const built: { lines: string[]; stderr: string[]; exitCode: number; durationMs: number }[] = [];
  const build = (deltas: number, style: DeltaStyle, subAgents: boolean, interrupted: boolean) => {
    const r = runAgent(rng, plan[built.length]!, deltas, style, subAgents, interrupted);
    built.push(r);
    budget -= r.lines.length;
  };
  build(largestDeltas, 'word', true, false);
  const interrupted = new Set([rng.int(1, 20), rng.int(21, S.agentRuns - 1)]);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    const share = (Math.max(0, budget) * w) / weightLeft;
    weightLeft -= w;
    const style: DeltaStyle = rng.chance(0.3) ? 'word' : 'chunk';
    const perDelta = (style === 'word' ? 1.32 : 1.9) * (1 + S.duplicateRate);
    build(Math.max(3, Math.round((share - 12) / perDelta)), style, rng.chance(0.6), interrupted.has(i + 1));
  }

  const executions: WorkloadExecution[] = built.map((r, i) => execution(rng, 'coding-agent', plan[i]!, r));
  for (let i = 0; i < S.devServers; i++) {
    const out = devServerOutput(rng.u32(), Math.max(12, Math.round(S.devServerLines * scale)));
    const exitCode = i === 3 ? 1 : rng.pick([143, 143, 130]);
    executions.push(
      execution(rng, 'dev-server', plan[S.agentRuns + i]!, {
        lines: out.lines,
        stderr: out.stderr,
        exitCode,
        durationMs: out.durationMs,
      }),
    );
  }
  executions.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return { executions };
}

/** One Claude Code run of `deltas` delta lines, without duplicates or delays (the ingest benchmark's input). */
export function generateLargeRun(deltas: number, seed = 1): string[] {
  const lines: string[] = [];
  for (const l of generateClaudeRun({ seed, targetDeltas: deltas, deltaStyle: 'word' })) lines.push(l.line);
  return lines;
}

function runAgent(
  rng: Rng,
  startTime: number,
  deltas: number,
  style: DeltaStyle,
  subAgents: boolean,
  interrupted: boolean,
) {
  let lines: string[] = [];
  let durationMs = 0;
  for (const l of generateClaudeRun({
    seed: rng.u32(),
    targetDeltas: deltas,
    deltaStyle: style,
    subAgents,
    startTime,
  })) {
    lines.push(l.line);
    durationMs += l.delayMs;
  }
  let exitCode = 0;
  if (interrupted) {
    // Stopped by the user part-way: output just ends, exit by SIGTERM.
    const keep = Math.max(2, Math.floor(lines.length * (0.3 + 0.6 * rng.next())));
    durationMs = Math.round((durationMs * keep) / lines.length);
    lines = lines.slice(0, keep);
    exitCode = 143;
  }
  return {
    lines: insertDuplicates(lines, WORKLOAD_SHAPE.duplicateRate, rng),
    stderr: [] as string[],
    exitCode,
    durationMs,
  };
}

function execution(
  rng: Rng,
  kind: WorkloadExecution['kind'],
  start: number,
  r: { lines: string[]; stderr: string[]; exitCode: number; durationMs: number },
): WorkloadExecution {
  return {
    id: rng.uuid(),
    kind,
    lines: r.lines,
    stderr: r.stderr,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + r.durationMs + rng.int(50, 900)).toISOString(),
    exitCode: r.exitCode,
  };
}

/** Start times spread over about a month, in random order (so dev servers and agent runs interleave). */
function planTimes(rng: Rng, n: number): number[] {
  const out: number[] = [];
  let t = Date.UTC(2026, 1, 2, 8, 30);
  for (let i = 0; i < n; i++) out.push((t += rng.int(10 * 60, 14 * 3600) * 1000));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}
