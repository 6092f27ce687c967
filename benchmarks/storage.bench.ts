// `npm run bench`: the real-database-shaped workload stored in the slow layout and in tokenfold, side by side.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { generateLargeRun, generateWorkload, type WorkloadExecution } from '../src/demo/workload.js';
import { SlowLayoutReader } from '../src/slow-layout/slow-reader.js';
import { SlowLayoutWriter } from '../src/slow-layout/slow-writer.js';
import { DEFAULT_FLUSH_POLICY } from '../src/fold/flush-policy.js';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { expandRecords } from '../src/replay/expand.js';
import { toMessages } from '../src/replay/messages.js';
import { readRecords } from '../src/replay/read-history.js';
import { storeConversationPages } from '../src/replay/conversation-pages/index.js';
import { compactExecution } from '../src/store/compact.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { segmentInflater } from '../src/records/segment-inflater.js';
import { repoRoot } from '../src/runner/index.js';
import { perFormat, printFormatTable } from './per-format.js';
import { jsonlPath, readJsonl, writeJsonl } from './jsonl-layout.js';
import { benchDir, fileBytes, median, printTable, progress, row, saveResults, timed } from './support.js';

const dir = benchDir();
const workload = generateWorkload({ seed: 1 });
const execs = workload.executions;
const totalLines = execs.reduce((n, e) => n + e.lines.length + e.stderr.length, 0);
const largest = execs.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
process.stderr.write(
  `workload: ${execs.length} executions, ${totalLines} lines; largest ${largest.lines.length} lines\n`,
);

// (a) The slow layout: one autocommitted row per line, DELETE journal, synchronous=FULL, a hook query per insert.
const slowPath = join(dir, 'slow.db');
const slowIngest = await timed(() => {
  const w = new SlowLayoutWriter(slowPath);
  const tick = progress('slow layout ingest');
  let done = 0;
  for (const e of execs) {
    w.addExecution({ id: e.id, kind: e.kind, startedAt: e.startedAt });
    for (const line of e.lines) (w.appendLine(e.id, 'stdout', line), tick(++done, totalLines));
    for (const line of e.stderr) (w.appendLine(e.id, 'stderr', line), tick(++done, totalLines));
    w.finish(e.id, e.exitCode === 0 ? 'completed' : 'failed', e.exitCode, e.endedAt);
  }
  w.close();
  return done;
});

// (b) tokenfold: the live pipeline (default flush policy, group commit), compaction when each run ends.
const tfPath = join(dir, 'tokenfold.db');
const store = new SqliteStore(tfPath);
const ids = new Map<string, { id: string; num: number }>();
const tfIngest = await timed(async () => {
  const writer = new BatchWriter(store);
  for (const e of execs) {
    const x = await store.createExecution({
      id: e.id,
      executor: e.kind === 'coding-agent' ? 'claude-code' : 'plain',
      kind: e.kind,
      startedAt: e.startedAt,
    });
    ids.set(e.id, x);
    const log = new ExecutionLog({
      execution: x,
      format: formatFor(x.executor),
      policy: DEFAULT_FLUSH_POLICY,
      writer,
    });
    await feed(log, e);
    writer.update(x.id, {
      ...log.finish(),
      status: e.exitCode === 0 ? 'completed' : 'failed',
      exitCode: e.exitCode,
      endedAt: e.endedAt,
    });
    await writer.flush();
    await compactExecution(store, x);
  }
});
const tfRows = (await store.storageFigures()).rows;

// (c) One JSONL file per execution.
const jsonlDir = join(dir, 'jsonl');
mkdirSync(jsonlDir);
const jsonl = writeJsonl(jsonlDir, execs);
const largestRows = (await store.storageFigures(ids.get(largest.id)!.num)).rows;
await store.close();

// Reading the largest execution's full history, as each layout's reader does it. Both readers are
// opened and read once before the clock starts (JIT, page cache); then the timed reads alternate
// between the layouts, so that both see the same machine (CPU speed here varies by half from minute to
// minute). The tokenfold history is the `messages` format: one item per block, tool call and line.
// Every read is cold: no cache, every segment decompressed.
const reader = new SlowLayoutReader(slowPath);
const slowRows = reader.countRows();
const ro = new SqliteStore(tfPath, { readonly: true });
// As in the server (a long-lived reader): segments are decompressed on the inflater's worker thread.
segmentInflater.start();
const readSlow = async () => reader.readHistory(largest.id).length;
const readJsonlFile = async () => readJsonl(jsonlPath(jsonlDir, largest.id));
const readHistory = async () =>
  toMessages(await readRecords(ro, (await ro.getExecution(largest.id))!)).length;
const readDeltas = async () => {
  const x = (await ro.getExecution(largest.id))!;
  return expandRecords(await readRecords(ro, x)).length;
};
const reads = {
  slow: [] as number[],
  history: [] as number[],
  deltas: [] as number[],
  jsonl: [] as number[],
};
for (const read of [readSlow, readHistory, readDeltas, readJsonlFile]) await read();
for (let round = 0; round < 9; round++) {
  reads.slow.push((await timed(readSlow)).ms);
  reads.history.push((await timed(readHistory)).ms);
  reads.deltas.push((await timed(readDeltas)).ms);
  reads.jsonl.push((await timed(readJsonlFile)).ms);
}
const slowRead = median(reads.slow);
const tfRead = median(reads.history);
const tfDeltasRead = median(reads.deltas);
reader.close();
await ro.close();

// The log alone, then with the conversation pages the server stores beside each agent run once it is
// compacted (derived records: an index for opening a run at once, never the only copy of anything).
const tfFileLog = fileBytes(tfPath);
const withPages = new SqliteStore(tfPath);
for (const e of await withPages.listExecutions({ limit: 1000 })) await storeConversationPages(withPages, e);
const { derivedBytes } = await withPages.storageFigures();
await withPages.close();
const tfFileWithPages = fileBytes(tfPath);

// Deltas folded per second on one core, end to end: `tokenfold ingest` of a 250,000-delta run.
const bigFile = join(dir, 'large-run.jsonl');
const big = generateLargeRun(250_000, 7);
writeFileSync(bigFile, big.join('\n') + '\n');
const bigDeltas = big.filter((l) => l.includes('"content_block_delta"')).length;
const cli = join(repoRoot(), 'bin', 'tokenfold.js');
const runs = [0, 1, 2, 3, 4].map(() => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'ingest', '--db', join(dir, 'ingest.db'), bigFile], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return performance.now() - t0;
});
const ingestMs = median(runs);
// The slow layout's equivalent per-delta cost, measured on the same workload above.
const slowPerLineMs = slowIngest.ms / totalLines;

const formats = await perFormat(dir);

const rows = [
  row('log rows', slowRows, tfRows, 'rows'),
  row('file size', fileBytes(slowPath), tfFileLog, 'bytes'),
  row('file size with conversation pages', fileBytes(slowPath), tfFileWithPages, 'bytes'),
  row('ingest time (whole workload)', slowIngest.ms, tfIngest.ms, 'ms'),
  row('read largest execution: history (median of 9)', slowRead, tfRead, 'ms'),
  row('read largest execution: regenerate every delta line', slowRead, tfDeltasRead, 'ms'),
  row(
    'deltas per second (250k-delta run, end to end)',
    1000 / slowPerLineMs,
    bigDeltas / (ingestMs / 1000),
    'deltas/s',
    true,
  ),
];
printTable('Storage benchmark: real-database-shaped workload', rows);
printFormatTable(formats);
const largestJsonlBytes = statSync(jsonlPath(jsonlDir, largest.id)).size;
const jsonlRows = [
  row('JSONL files: bytes (whole workload)', jsonl.fileBytes, tfFileLog, 'bytes'),
  row("JSONL files: gzip'd bytes (whole workload)", jsonl.gzipBytes, tfFileLog, 'bytes'),
  row('JSONL: read largest execution, every line parsed (median of 9)', median(reads.jsonl), tfRead, 'ms'),
];
printTable('One JSONL file per execution (first column) vs tokenfold', jsonlRows);
process.stdout.write(`largest execution: ${largest.lines.length} lines → ${largestRows} rows in tokenfold\n`);
process.stdout.write(
  `conversation pages: ${derivedBytes.toLocaleString('en-US')} bytes (${((100 * derivedBytes) / tfFileLog).toFixed(0)}% of the log file)\n`,
);
process.stdout.write(
  `tokenfold ingest of ${bigDeltas} deltas: ${(ingestMs / 1000).toFixed(2)} s (median of 5 runs, process start included)\n`,
);
const file = saveResults('storage', {
  conversationPagesBytes: derivedBytes,
  workload: { executions: execs.length, lines: totalLines, largestLines: largest.lines.length },
  largestExecutionRows: largestRows,
  largeRun: { deltas: bigDeltas, ms: ingestMs, runs },
  rows,
  formats,
  jsonl: { ...jsonl, largestBytes: largestJsonlBytes, rows: jsonlRows },
});
process.stdout.write(`results: ${file}\n`);

async function feed(log: ExecutionLog, e: WorkloadExecution): Promise<void> {
  let n = 0;
  for (const line of e.lines) {
    log.write('stdout', Buffer.from(line + '\n'));
    if (++n % 2000 === 0) await yieldToLoop();
  }
  for (const line of e.stderr) log.write('stderr', Buffer.from(line + '\n'));
}
