import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LegacyDatabase } from './db.js';
import { createSlowLayoutDatabase } from './schema.js';
import { SlowLayoutReader, newReadStats, type LegacyEvent } from './slow-reader.js';
import type { LegacyLine } from './line-joiner.js';
import { chunkRecord } from './slow-writer.js';
import { uuidToBlob } from './uuid-blob.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001'; // coding agent: chunks, stderr, event, malformed
const B = 'bbbbbbbb-0000-4000-8000-000000000002'; // dev server without logs
const C = 'cccccccc-0000-4000-8000-000000000003'; // setup script
const D = 'dddddddd-0000-4000-8000-000000000004'; // orphaned logs only
const E = 'eeeeeeee-0000-4000-8000-000000000005'; // inserted_at going backwards
const F = 'ffffffff-0000-4000-8000-000000000006'; // lines stored bare, without "\n"
const G = '99999999-0000-4000-8000-000000000007'; // one row holding a whole JSONL history (pre-migration)

let dir: string;
let path: string;
let reader: SlowLayoutReader;

/** Fast fixture writes (one transaction, no fsync); the slow writer's own behaviour is tested elsewhere. */
function fill(db: LegacyDatabase, rows: [string, string, string][]): void {
  const ins = db.prepare(
    'INSERT INTO execution_process_logs (execution_id, logs, byte_size, inserted_at) VALUES (?, ?, ?, ?)',
  );
  db.exec('BEGIN');
  for (const [id, logs, at] of rows) ins.run(uuidToBlob(id), logs, Buffer.byteLength(logs), at);
  db.exec('COMMIT');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-legacy-reader-'));
  path = join(dir, 'slow.db');
  const db = createSlowLayoutDatabase(path);
  db.pragma('synchronous = OFF');
  const exec = db.prepare(
    "INSERT INTO execution_processes (id, task_attempt_id, run_reason, status, exit_code, started_at, created_at) VALUES (?, x'00', ?, ?, ?, ?, ?)",
  );
  for (const [id, reason, status, code] of [
    [A, 'codingagent', 'completed', 0],
    [B, 'devserver', 'killed', null],
    [C, 'setupscript', 'completed', 0],
    [E, 'codingagent', 'running', null],
    [F, 'devserver', 'completed', 0],
    [G, 'cleanupscript', 'failed', 2],
  ] as const)
    exec.run(uuidToBlob(id), reason, status, code, '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000');
  const t = (s: number) => `2025-01-01 00:00:${String(s).padStart(2, '0')}.000`;
  fill(db, [
    [A, chunkRecord('stdout', 'par'), t(1)],
    [A, chunkRecord('stderr', 'err line\r\n'), t(2)],
    [C, chunkRecord('stdout', 'setup ok\n'), t(2)],
    [A, chunkRecord('stdout', 'tial line\nsecond\r\nthird'), t(3)],
    [A, '{"SessionId":"abc"}\n', t(4)],
    [A, 'not json\n', t(5)],
    [A, chunkRecord('stdout', ' end\n'), t(6)],
    [A, chunkRecord('stderr', 'no newline at end'), t(7)],
    [A, chunkRecord('stdout', 'last'), t(8)],
    [E, chunkRecord('stdout', 'first\n'), t(30)],
    [E, chunkRecord('stdout', 'second\n'), t(20)],
    [F, JSON.stringify({ Stdout: 'line one' }), t(9)],
    [F, JSON.stringify({ Stdout: 'line two' }), t(10)],
    [G, chunkRecord('stdout', 'a\n') + chunkRecord('stderr', 'b\n') + '"Finished"\n', t(11)],
  ]);
  db.pragma('foreign_keys = OFF');
  fill(db, [[D, chunkRecord('stdout', 'orphan\n'), t(12)]]);
  db.close();
  reader = new SlowLayoutReader(path);
});

afterAll(() => {
  reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

const brief = (l: LegacyLine | LegacyEvent) =>
  l.stream === 'event'
    ? ['event', l.tag, l.value, l.at]
    : [l.stream, l.text, l.eol, l.at, l.malformed ?? false];

describe('SlowLayoutReader', () => {
  it('lists executions with canonical ids and kinds', () => {
    const list = reader.listExecutions();
    expect(list.map((e) => [e.id, e.runReason, e.kind, e.status, e.exitCode])).toEqual([
      [A, 'codingagent', 'coding-agent', 'completed', 0],
      [B, 'devserver', 'dev-server', 'killed', null],
      [C, 'setupscript', 'script', 'completed', 0],
      [E, 'codingagent', 'coding-agent', 'running', null],
      [F, 'devserver', 'dev-server', 'completed', 0],
      [G, 'cleanupscript', 'script', 'failed', 2],
    ]);
    expect(list[0]).toMatchObject({
      startedAt: '2025-01-01 00:00:00.000',
      completedAt: null,
      createdAt: '2025-01-01 00:00:00.000',
    });
  });

  it('re-joins chunks into lines per stream; malformed records come out as lines, events are counted', () => {
    const stats = newReadStats();
    const lines = [...reader.readLines(A, { stats })].map(brief);
    expect(lines).toEqual([
      ['stderr', 'err line', 'crlf', '2025-01-01 00:00:02.000', false],
      ['stdout', 'partial line', 'lf', '2025-01-01 00:00:01.000', false],
      ['stdout', 'second', 'crlf', '2025-01-01 00:00:03.000', false],
      ['stdout', 'not json', 'lf', '2025-01-01 00:00:05.000', true],
      ['stdout', 'third end', 'lf', '2025-01-01 00:00:03.000', false],
      ['stderr', 'no newline at end', 'none', '2025-01-01 00:00:07.000', false],
      ['stdout', 'last', 'none', '2025-01-01 00:00:08.000', false],
    ]);
    expect(stats).toEqual({ rows: 8, records: 8, lines: 7, events: 1, malformed: 1 });
  });

  it('yields events in place with readEntries', () => {
    const entries = [...reader.readEntries(A)].map(brief);
    expect(entries[3]).toEqual(['event', 'SessionId', 'abc', '2025-01-01 00:00:04.000']);
    expect(entries).toHaveLength(8);
  });

  it('reads every JSONL record of a row that holds several', () => {
    const stats = newReadStats();
    expect([...reader.readEntries(G, { stats })].map(brief)).toEqual([
      ['stdout', 'a', 'lf', '2025-01-01 00:00:11.000', false],
      ['stderr', 'b', 'lf', '2025-01-01 00:00:11.000', false],
      ['event', 'Finished', null, '2025-01-01 00:00:11.000'],
    ]);
    expect(stats).toMatchObject({ rows: 1, records: 3 });
  });

  it('treats bare records as whole lines when no record of the execution ends with a newline', () => {
    expect([...reader.readLines(F)].map((l) => [l.text, l.eol])).toEqual([
      ['line one', 'none'],
      ['line two', 'none'],
    ]);
    expect([...reader.readLines(F, { framing: 'chunks' })].map((l) => l.text)).toEqual(['line oneline two']);
    expect([...reader.readLines(A, { framing: 'records' })].map((l) => l.text).slice(0, 3)).toEqual([
      'par',
      'err line',
      'tial line',
    ]);
  });

  it('keeps insertion (rowid) order even when inserted_at goes backwards; readHistory sorts by inserted_at as the old app did', () => {
    expect(reader.readExecutionLogs(E).map((r) => [r.rowid, r.logs, r.byteSize, r.insertedAt])).toEqual([
      [10, chunkRecord('stdout', 'first\n'), 21, '2025-01-01 00:00:30.000'],
      [11, chunkRecord('stdout', 'second\n'), 22, '2025-01-01 00:00:20.000'],
    ]);
    expect([...reader.readLines(E)].map((l) => l.text)).toEqual(['first', 'second']);
    expect(reader.readHistory(E)).toEqual(['second\n', 'first\n']);
    expect(reader.readHistory(A)).toEqual([
      'par',
      'err line\r\n',
      'tial line\nsecond\r\nthird',
      '{"SessionId":"abc"}',
      'not json',
      ' end\n',
      'no newline at end',
      'last',
    ]);
  });

  it('reads nothing for an execution without logs, and orphaned rows by their id', () => {
    expect([...reader.readLines(B)]).toEqual([]);
    expect(reader.readExecutionLogs(B)).toEqual([]);
    expect([...reader.readLines(D)].map((l) => l.text)).toEqual(['orphan']);
    expect(reader.countRows()).toBe(15);
  });

  it('stops cleanly when the consumer stops early', () => {
    for (const line of reader.readLines(A)) if (line.text) break;
    expect([...reader.readLines(C)].map((l) => l.text)).toEqual(['setup ok']);
  });
});

describe('SlowLayoutReader round trip (property)', () => {
  const unit = fc.constantFrom('a', 'b', 'é', '😀', ' ', '"', '\\', '\r', '\t', '{', '\u2028');
  const line = fc
    .record({
      text: fc.string({ unit, maxLength: 10 }),
      eol: fc.constantFrom('lf' as const, 'crlf' as const),
    })
    .map((l) => ({ text: l.eol === 'lf' ? l.text.replace(/\r+$/, '') : l.text, eol: l.eol }));
  const stream = fc.record({
    lines: fc.array(line, { maxLength: 8 }),
    tail: fc.string({ unit, maxLength: 6 }),
  });
  const render = (s: { lines: { text: string; eol: 'lf' | 'crlf' }[]; tail: string }) =>
    s.lines.map((l) => l.text + (l.eol === 'lf' ? '\n' : '\r\n')).join('') + s.tail;
  const expected = (s: { lines: { text: string; eol: 'lf' | 'crlf' }[]; tail: string }) => [
    ...s.lines,
    ...(s.tail === '' ? [] : [{ text: s.tail, eol: 'none' }]),
  ];
  const cut = (text: string, cuts: number[]) => {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    return [0, ...points]
      .map((p, i, all) => text.slice(p, all[i + 1] ?? text.length))
      .filter((c) => c !== '');
  };

  it('random lines cut at random points (mid-line, mid-CRLF, mid-surrogate) reassemble into the same lines per stream', () => {
    const db = createSlowLayoutDatabase(path);
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    let n = 0;
    try {
      fc.assert(
        fc.property(
          stream,
          stream,
          fc.array(fc.nat(80)),
          fc.array(fc.nat(80)),
          fc.array(fc.boolean()),
          (out, err, outCuts, errCuts, schedule) => {
            const id = `12345678-0000-4000-8000-${String(++n).padStart(12, '0')}`;
            const chunks = { stdout: cut(render(out), outCuts), stderr: cut(render(err), errCuts) };
            const rows: [string, string, string][] = [];
            let i = 0;
            while (chunks.stdout.length + chunks.stderr.length > 0) {
              const pick =
                chunks.stderr.length === 0 || (chunks.stdout.length > 0 && (schedule[i++] ?? true))
                  ? 'stdout'
                  : 'stderr';
              rows.push([id, chunkRecord(pick, chunks[pick].shift()!), '2025-01-01 00:00:00.000']);
            }
            fill(db, rows);
            const lines = [...reader.readLines(id, { framing: 'chunks' })];
            expect(lines.every((l) => l.malformed === undefined && l.at === '2025-01-01 00:00:00.000')).toBe(
              true,
            );
            for (const [name, s] of [
              ['stdout', out],
              ['stderr', err],
            ] as const)
              expect(
                lines.filter((l) => l.stream === name).map((l) => ({ text: l.text, eol: l.eol })),
              ).toEqual(expected(s));
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      db.close();
    }
  });
});
