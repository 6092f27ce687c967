import { describe, expect, it } from 'vitest';
import { generateLargeRun, generateWorkload, WORKLOAD_SHAPE, type Workload } from './workload.js';
import { isDeltaLine } from './duplicates.js';

const started = performance.now();
const full: Workload = generateWorkload({ seed: 1 });
const fullMs = performance.now() - started;
const agents = full.executions.filter((e) => e.kind === 'coding-agent');
const devs = full.executions.filter((e) => e.kind === 'dev-server');

describe('generateWorkload (scale 1)', () => {
  it('is fast: the full workload in well under 2 s', () => {
    // ~0.7 s on an idle 2-core machine (`node` on dist/); this bound only catches gross regressions, because
    // wall time in a test run depends on what else shares the cores.
    expect(fullMs).toBeLessThan(5000);
  });

  it('has 57 executions: 49 coding-agent runs (~68,000 lines, ±3%) and 8 dev servers (~124 lines, ±5%)', () => {
    expect(full.executions).toHaveLength(57);
    expect(agents).toHaveLength(WORKLOAD_SHAPE.agentRuns);
    expect(devs).toHaveLength(WORKLOAD_SHAPE.devServers);
    const agentLines = agents.reduce((n, e) => n + e.lines.length, 0);
    expect(Math.abs(agentLines - 68_000) / 68_000).toBeLessThan(0.03);
    for (const d of devs) {
      expect(Math.abs(d.lines.length - 124)).toBeLessThanOrEqual(6);
      expect(d.stderr.length).toBeGreaterThan(0);
      expect(d.lines.some((l) => l.includes('\u001b['))).toBe(true);
      expect(d.lines.some((l) => /VITE v|Next\.js/.test(l))).toBe(true);
    }
  });

  it('largest run has ~25,000 delta lines (±3%); the rest are long-tailed', () => {
    const sizes = agents.map((e) => e.lines.filter(isDeltaLine).length).sort((a, b) => b - a);
    expect(Math.abs(sizes[0]! - 25_000) / 25_000).toBeLessThan(0.03);
    const rest = agents
      .map((e) => e.lines.length)
      .sort((a, b) => b - a)
      .slice(1);
    const median = rest[Math.floor(rest.length / 2)]!;
    const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
    expect(mean).toBeGreaterThan(median * 1.5); // long tail: a few big runs, many small ones
    expect(rest[0]!).toBeGreaterThan(median * 5);
    expect(rest.at(-1)!).toBeGreaterThanOrEqual(10);
  });

  it('duplicates ~2.5% (2.0–3.0%) of delta lines, each an exact repeat 1–20 lines after its original', () => {
    let deltas = 0;
    let dups = 0;
    for (const e of agents) {
      const lastSeen = new Map<string, number>();
      e.lines.forEach((l, i) => {
        if (!isDeltaLine(l)) return;
        deltas++;
        const prev = lastSeen.get(l);
        if (prev !== undefined) {
          dups++;
          // Distance in original lines is 1–20; the other duplicates inserted in between can add a few.
          expect(i - prev).toBeGreaterThanOrEqual(1);
          expect(i - prev).toBeLessThanOrEqual(30);
        }
        lastSeen.set(l, i);
      });
    }
    const rate = dups / (deltas - dups);
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.03);
  });

  it('has plausible metadata: uuids, ordered times, exit codes, interrupted runs without a result', () => {
    const ids = full.executions.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of full.executions) {
      expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Date.parse(e.endedAt)).toBeGreaterThan(Date.parse(e.startedAt));
    }
    const sorted = full.executions.map((e) => e.startedAt);
    expect([...sorted].sort()).toEqual(sorted);
    const stopped = agents.filter((e) => e.exitCode !== 0);
    expect(stopped.length).toBe(WORKLOAD_SHAPE.interruptedRuns);
    for (const e of stopped) expect(e.lines.some((l) => l.startsWith('{"type":"result"'))).toBe(false);
    for (const e of agents.filter((x) => x.exitCode === 0))
      expect(JSON.parse(e.lines.at(-1)!).type).toBe('result');
  });
});

describe('generateWorkload determinism and scale', () => {
  it('same seed gives the same workload, another seed a different one', () => {
    const a = generateWorkload({ seed: 3, scale: 0.05 });
    const b = generateWorkload({ seed: 3, scale: 0.05 });
    expect(b).toEqual(a);
    expect(generateWorkload({ seed: 4, scale: 0.05 }).executions.map((e) => e.id)).not.toEqual(
      a.executions.map((e) => e.id),
    );
  });

  it('scale shrinks sizes but keeps 57 executions of valid JSON lines', () => {
    const w = generateWorkload({ seed: 2, scale: 0.05 });
    expect(w.executions).toHaveLength(57);
    const lines = w.executions
      .filter((e) => e.kind === 'coding-agent')
      .reduce((n, e) => n + e.lines.length, 0);
    expect(lines).toBeGreaterThan(68_000 * 0.05 * 0.8);
    expect(lines).toBeLessThan(68_000 * 0.05 * 1.6);
    for (const e of w.executions)
      if (e.kind === 'coding-agent') for (const l of e.lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});

describe('generateLargeRun', () => {
  it('has the requested number of delta lines, no duplicates, and is deterministic', () => {
    const run = generateLargeRun(3000, 7);
    const deltas = run.filter(isDeltaLine);
    expect(Math.abs(deltas.length - 3000)).toBeLessThanOrEqual(3);
    expect(new Set(deltas).size).toBe(deltas.length);
    expect(generateLargeRun(3000, 7)).toEqual(run);
    expect(JSON.parse(run.at(-1)!).type).toBe('result');
  });
});
