// Rows and bytes per agent format: demo runs of each agent (src/demo/formats) stored in the slow layout and in
// tokenfold, one database per format and layout. Part of `npm run bench` (a few seconds).
import { join } from 'node:path';
import { DEMO_FORMATS, generateRun } from '../src/demo/formats/index.js';
import { SlowLayoutReader } from '../src/slow-layout/slow-reader.js';
import { SlowLayoutWriter } from '../src/slow-layout/slow-writer.js';
import { DEFAULT_FLUSH_POLICY } from '../src/fold/flush-policy.js';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { compactExecution } from '../src/store/compact.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { fileBytes } from './support.js';

export interface FormatRow {
  format: string;
  runs: number;
  lines: number;
  /** What the agent printed (stdout bytes). */
  bytes: number;
  slowRows: number;
  tokenfoldRows: number;
  slowFileBytes: number;
  tokenfoldFileBytes: number;
}

/** `runs` runs per format of about `deltas` deltas each (the same seeds for every format: the same work, printed differently). */
export async function perFormat(dir: string, runs = 3, deltas = 600): Promise<FormatRow[]> {
  const out: FormatRow[] = [];
  for (const format of DEMO_FORMATS) {
    const texts = Array.from({ length: runs }, (_, i) =>
      [...generateRun(format, { seed: 100 + i, targetDeltas: deltas, startTime: Date.UTC(2025, 2, 1) })].map(
        (l) => l.line,
      ),
    );
    const slowPath = join(dir, `format-${format}-slow.db`);
    const w = new SlowLayoutWriter(slowPath);
    // Rows and bytes do not depend on fsyncs; the timed comparison is the main table's.
    w.db.pragma('synchronous = OFF');
    texts.forEach((lines, i) => {
      const id = `f0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      w.addExecution({ id, kind: 'coding-agent', startedAt: '2025-03-01 10:00:00.000' });
      for (const line of lines) w.appendLine(id, 'stdout', line);
      w.finish(id, 'completed', 0, '2025-03-01 10:01:00.000');
    });
    w.close();
    const reader = new SlowLayoutReader(slowPath);
    const slowRows = reader.countRows();
    reader.close();
    const tfPath = join(dir, `format-${format}-tokenfold.db`);
    const store = new SqliteStore(tfPath);
    const writer = new BatchWriter(store);
    for (const lines of texts) {
      const x = await store.createExecution({ executor: format, kind: 'coding-agent' });
      const log = new ExecutionLog({
        execution: x,
        format: formatFor(format),
        policy: DEFAULT_FLUSH_POLICY,
        writer,
      });
      for (const line of lines) log.write('stdout', Buffer.from(line + '\n'));
      writer.update(x.id, {
        ...log.finish(),
        status: 'completed',
        exitCode: 0,
        endedAt: new Date().toISOString(),
      });
      await writer.flush();
      await compactExecution(store, x);
    }
    const tokenfoldRows = (await store.storageFigures()).rows;
    await store.close();
    const lines = texts.reduce((n, t) => n + t.length, 0);
    const bytes = texts.reduce((n, t) => n + t.reduce((m, l) => m + Buffer.byteLength(l) + 1, 0), 0);
    out.push({
      format,
      runs,
      lines,
      bytes,
      slowRows,
      tokenfoldRows,
      slowFileBytes: fileBytes(slowPath),
      tokenfoldFileBytes: fileBytes(tfPath),
    });
  }
  return out;
}

export function printFormatTable(rows: FormatRow[]): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [
    [
      'format',
      'lines printed',
      'bytes printed',
      'rows: slow',
      'rows: tokenfold',
      'file: slow',
      'file: tokenfold',
      'file smaller by',
    ],
    ...rows.map((r) => [
      r.format,
      n(r.lines),
      n(r.bytes),
      n(r.slowRows),
      n(r.tokenfoldRows),
      n(r.slowFileBytes),
      n(r.tokenfoldFileBytes),
      `${(r.slowFileBytes / r.tokenfoldFileBytes).toFixed(1)}×`,
    ]),
  ];
  const w = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  process.stdout.write(
    `\nPer agent format (demo runs, ${rows[0]?.runs ?? 0} per format; bytes)\n` +
      lines
        .map((l) => l.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  '))
        .join('\n') +
      '\n',
  );
}
