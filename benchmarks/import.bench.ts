// `tokenfold import` on the benchmark workload: written in the slow layout, imported, verified.
// Checks at least 50× fewer rows and a clean --verify; prints rows/s. Run: npx tsc -p tsconfig.json &&
// node dist/benchmarks/import.bench.js [--scale 0.1] [--keep]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkload } from '../src/demo/workload.js';
import { importSlowLayout, progressPrinter } from '../src/import/index.js';
import { SlowLayoutWriter } from '../src/slow-layout/slow-writer.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchDir, fileBytes, printTable, row, saveResults, timed } from './support.js';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const dir = benchDir();
const execs = generateWorkload({ seed: 1, scale }).executions;
const lines = execs.reduce((n, e) => n + e.lines.length + e.stderr.length, 0);

// SRC: one row per line as the old app wrote it, plus its "Finished" record per execution. Written in one
// transaction without fsync (the row layout is what matters here; the slow write path has its own benchmark).
const slowPath = join(dir, 'slow.db');
const written = await timed(() => {
  const w = new SlowLayoutWriter(slowPath);
  w.db.pragma('synchronous = OFF');
  w.db.exec('BEGIN');
  for (const e of execs) {
    w.addExecution({ id: e.id, kind: e.kind, startedAt: e.startedAt });
    for (const line of e.lines) w.appendLine(e.id, 'stdout', line);
    for (const line of e.stderr) w.appendLine(e.id, 'stderr', line);
    w.writeRecord(e.id, '"Finished"\n');
    w.finish(e.id, e.exitCode === 0 ? 'completed' : 'failed', e.exitCode, e.endedAt);
  }
  w.db.exec('COMMIT');
  w.close();
});
process.stderr.write(
  `workload (scale ${scale}): ${execs.length} executions, ${lines.toLocaleString('en-US')} lines, SRC written in ${(written.ms / 1000).toFixed(1)} s\n`,
);

const destPath = join(dir, 'tokenfold.db');
const store = new SqliteStore(destPath);
const printer = progressPrinter(process.stderr);
const { value: report } = await timed(() =>
  importSlowLayout(slowPath, store, { verify: true, onProgress: printer.update }),
);
printer.done();
await store.close();

const v = report.verify!;
const destRows = report.dest.rowsAfter - report.dest.rowsBefore;
const rowsRatio = report.source.rows / destRows;
const rows = [
  row('log rows', report.source.rows, destRows, 'rows'),
  row('file size', report.source.fileBytes, fileBytes(destPath), 'bytes'),
  row(
    "rows' bytes",
    report.source.logBytes,
    report.dest.recordBytesAfter - report.dest.recordBytesBefore,
    'bytes',
  ),
];
printTable('Import benchmark: benchmark workload, slow layout → tokenfold', rows);
const out = [
  `import: ${(report.elapsedMs / 1000).toFixed(2)} s, ${report.rowsPerSecond.toLocaleString('en-US')} rows/s (${report.rowsRead.toLocaleString('en-US')} rows, ${report.lines.toLocaleString('en-US')} lines)`,
  `folded ${report.deltasFolded.toLocaleString('en-US')} deltas, marked ${report.duplicatesDropped.toLocaleString('en-US')} exact repeats (kept for raw), kept ${report.events} events`,
  `verify: ${v.differences.length === 0 ? 'OK' : `${v.differences.length} DIFFERENCES`}, ${v.linesCompared.toLocaleString('en-US')} lines in ${(v.elapsedMs / 1000).toFixed(2)} s`,
  `rows: ${rowsRatio.toFixed(1)}× fewer (required: 50×)`,
];
process.stdout.write(out.join('\n') + '\n');
for (const d of v.differences.slice(0, 5))
  process.stdout.write(`  ${d.executionId} line ${d.line}: want ${d.want} got ${d.got}\n`);
const speed = {
  importMs: report.elapsedMs,
  rowsPerSecond: report.rowsPerSecond,
  verifyMs: v.elapsedMs,
  differences: v.differences.length,
};
const file = saveResults('import', {
  scale,
  executions: execs.length,
  lines,
  rows,
  speed,
  report: { ...report, list: undefined },
});
process.stdout.write(`results: ${file}\n`);
if (rowsRatio < 50 || v.differences.length > 0) process.exitCode = 1;
if (process.argv.includes('--keep')) process.stdout.write(`databases kept in ${dir}\n`);
else rmSync(dir, { recursive: true, force: true });
