import { describe, expect, it } from 'vitest';
import { mapStatus, normalizeTime, parseTime, planExecution } from './map-execution.js';
import { isStreamJson } from './orphans.js';
import { bar, plain, progressPrinter } from './progress-printer.js';
import { eventText } from './source-lines.js';

describe('execution mapping', () => {
  it('maps statuses: running is interrupted, unknown ones go by exit code', () => {
    expect(['running', 'completed', 'failed', 'killed'].map((s) => mapStatus(s, null))).toEqual([
      'interrupted',
      'completed',
      'failed',
      'killed',
    ]);
    expect([mapStatus('paused', 0), mapStatus('paused', 3), mapStatus('', null)]).toEqual([
      'completed',
      'failed',
      'failed',
    ]);
  });

  it('maps run reasons to executors and kinds', () => {
    const plan = (runReason: string, kind: 'coding-agent' | 'dev-server' | 'script') =>
      planExecution({
        id: 'x',
        runReason,
        kind,
        status: 'completed',
        exitCode: 0,
        startedAt: null,
        completedAt: null,
        createdAt: null,
      });
    expect(
      [
        plan('codingagent', 'coding-agent'),
        plan('devserver', 'dev-server'),
        plan('setupscript', 'script'),
      ].map((p) => [p.executor, p.kind]),
    ).toEqual([
      ['claude-code', 'coding-agent'],
      ['plain', 'dev-server'],
      ['plain', 'script'],
    ]);
    expect(plan('cleanupscript', 'script')).not.toHaveProperty('endedAt');
  });

  it("reads SQLite's zone-less datetime() text as UTC and keeps text that is no time", () => {
    expect(normalizeTime('2025-03-01 10:00:00.123')).toBe('2025-03-01T10:00:00.123Z');
    expect(normalizeTime('2025-03-01 10:00:00')).toBe('2025-03-01T10:00:00.000Z');
    expect(normalizeTime('2025-03-01T12:00:00.123456789+02:00')).toBe('2025-03-01T10:00:00.123Z');
    expect(normalizeTime('yesterday')).toBe('yesterday');
    expect(parseTime('2025-03-01 10:00:01') - parseTime('2025-03-01T10:00:00Z')).toBe(1000);
  });

  it('recognises Claude stream-json for orphans', () => {
    expect(isStreamJson('{"type":"system","subtype":"init"}')).toBe(true);
    expect(isStreamJson('{"type":"other"}')).toBe(false);
    expect(isStreamJson('npm install')).toBe(false);
  });

  it('writes events as one JSON line', () => {
    expect(eventText('Finished', null)).toBe('{"tokenfold_legacy_event":"Finished","value":null}');
    expect(JSON.parse(eventText('JsonPatch', [{ op: 'add' }]))).toEqual({
      tokenfold_legacy_event: 'JsonPatch',
      value: [{ op: 'add' }],
    });
  });
});

describe('progress printer', () => {
  const p = (rowsDone: number, elapsedMs: number) => ({
    phase: 'import' as const,
    executionsDone: 1,
    executionsTotal: 4,
    rowsDone,
    rowsTotal: 1000,
    elapsedMs,
  });

  it('redraws a bar in place at most 10 times a second on a terminal', () => {
    let t = 0;
    const out: string[] = [];
    const printer = progressPrinter({ isTTY: true, write: (s) => out.push(s) }, () => t);
    for (t = 0; t <= 1000; t += 10) printer.update(p(t, t));
    expect(out.length).toBe(10);
    expect(out.every((s) => s.startsWith('\r') && s.endsWith('\x1b[K'))).toBe(true);
    printer.done();
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('prints a plain line every 2 seconds otherwise', () => {
    let t = 0;
    const out: string[] = [];
    const printer = progressPrinter({ write: (s) => out.push(s) }, () => t);
    for (t = 0; t <= 6000; t += 100) printer.update(p(t / 10, t));
    expect(out.length).toBe(3);
    expect(out.every((s) => s.endsWith('\n') && !s.includes('\r'))).toBe(true);
    printer.done();
    expect(out.length).toBe(3);
  });

  it('shows executions, rows per second and an ETA', () => {
    expect(bar(p(250, 1000))).toBe('import [######------------------] 1/4 executions  250 rows/s  ETA 0:03');
    expect(plain(p(500, 1000))).toBe('import: 1/4 executions, 500/1,000 rows (50%), 500 rows/s, ETA 0:01');
    expect(bar(p(0, 0))).toContain('ETA ?');
  });
});
