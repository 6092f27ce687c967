// `npm run bench:load`: N concurrent agents streaming over SSE plus history readers, against the slow-layout
// model of the old orchestrator and against tokenfold, side by side; then tokenfold again with 4× longer runs.
// Options: --agents N (20) --readers M (4) --read-pause MS (100, between one reader's requests) --seconds S (20) --speed X (pace multiplier) --deltas D (per run)
//          --past-runs K (20) --past-deltas D (1000): finished runs stored in both layouts before the load, which
//          history readers read too; --skip-long (no 4× run-length check)
//          --backend postgres --instances 2 [--agents 100 --seconds 30 --lines-per-second 50]: two instances on one
//          fresh PostgreSQL database ($TOKENFOLD_TEST_PG or postgres://postgres@127.0.0.1:5432/postgres), each
//          agent watched from the other instance (load/pg-cluster.ts)
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedRuns, seedSlow, seedTokenfold } from './load/seed.js';
import { deltasFor, runMs } from './load/run-length.js';
import { runPhase, type PhaseConfig, type PhaseSummary } from './load/run-target.js';
import { benchDir, printTable, row, saveResults } from './support.js';

const { values: a } = parseArgs({
  options: {
    agents: { type: 'string', default: '20' },
    readers: { type: 'string', default: '4' },
    'read-pause': { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    speed: { type: 'string', default: '1' },
    deltas: { type: 'string' },
    'past-runs': { type: 'string', default: '20' },
    'past-deltas': { type: 'string', default: '1000' },
    'skip-long': { type: 'boolean', default: false },
    backend: { type: 'string', default: 'sqlite' },
    instances: { type: 'string', default: '1' },
    'lines-per-second': { type: 'string', default: '50' },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${v}`);
  return n;
};
if (a.backend === 'postgres') {
  const { runPgClusterLoad } = await import('./load/pg-cluster.js');
  const given = (name: string) => process.argv.some((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  await runPgClusterLoad({
    root: join(fileURLToPath(import.meta.url), '..', '..', '..'),
    agents: given('agents') ? Math.round(num('agents', a.agents)) : 100,
    instances: Math.max(2, Math.round(num('instances', a.instances))),
    seconds: given('seconds') ? num('seconds', a.seconds) : 30,
    linesPerSecond: num('lines-per-second', a['lines-per-second']),
    adminUrl: process.env.TOKENFOLD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  process.exit(0);
} else if (a.backend !== 'sqlite') throw new Error(`--backend: sqlite or postgres, got ${a.backend}`);
const agents = Math.round(num('agents', a.agents));
const readers = Math.round(num('readers', a.readers));
const seconds = num('seconds', a.seconds);
const readPauseMs = a['read-pause'] === '0' ? 0 : num('read-pause', a['read-pause']);
const speed = num('speed', a.speed);
const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const dir = benchDir();
const cores = availableParallelism();

// Size runs so each lasts about half the load window at this pace: every agent slot runs about two.
const deltas =
  a.deltas !== undefined ? Math.round(num('deltas', a.deltas)) : deltasFor((seconds * 1000) / 2, speed);
process.stderr.write(
  `load: ${agents} agents, ${readers} history readers, ${seconds} s per target; runs of ${deltas} deltas (~${(runMs(deltas) / speed / 1000).toFixed(1)} s each at ${speed}× pace); databases in ${dir}\n`,
);

// The same past runs in both layouts: written in the slow layout, copied into tokenfold by `tokenfold import`.
const pastRuns = a['past-runs'] === '0' ? 0 : Math.round(num('past-runs', a['past-runs']));
const pastDeltas = Math.round(num('past-deltas', a['past-deltas']));
const slowDb = join(dir, 'slow.db');
const tfDb = join(dir, 'tokenfold.db');
const tfLongDb = join(dir, 'tokenfold-long.db');
const seededSlowIds = seedSlow(slowDb, seedRuns(pastRuns, pastDeltas));
if (pastRuns > 0) {
  process.stderr.write(`load: ${pastRuns} past runs of ${pastDeltas} deltas stored in both layouts\n`);
  await seedTokenfold(root, slowDb, tfDb);
  if (!a['skip-long']) await seedTokenfold(root, slowDb, tfLongDb);
}

const base = { root, agents, readers, readPauseMs, seconds, speed, deltas };
const phase = (c: Omit<PhaseConfig, keyof typeof base> & Partial<PhaseConfig>) =>
  runPhase({ ...base, ...c } as PhaseConfig);
const slow = await phase({ name: 'slow layout', layout: 'slow', dbPath: slowDb, seededSlowIds });
await sleep(1000);
const tf = await phase({ name: 'tokenfold', layout: 'tokenfold', dbPath: tfDb });
let long: PhaseSummary | null = null;
if (!a['skip-long']) {
  await sleep(1000);
  // One run per agent, 4× as long, at the same pace; the bound leaves room for the run to end by itself.
  const longSeconds = Math.ceil((runMs(deltas * 4) / speed / 1000) * 1.5 + 10);
  long = await phase({
    name: 'tokenfold 4× runs',
    layout: 'tokenfold',
    dbPath: tfLongDb,
    deltas: deltas * 4,
    seconds: longSeconds,
    oneRunEach: true,
  });
}

const MB = 1024 * 1024;
const rows = [
  row('history read p50', slow.historyP50Ms, tf.historyP50Ms, 'ms'),
  row('history read p99', slow.historyP99Ms, tf.historyP99Ms, 'ms'),
  row('history reads served', slow.historyReads, tf.historyReads, 'reads', true),
  row('live delivery p50', slow.deliveryP50Ms, tf.deliveryP50Ms, 'ms'),
  row('live delivery p99', slow.deliveryP99Ms, tf.deliveryP99Ms, 'ms'),
  row('lines delivered live', slow.linesDelivered, tf.linesDelivered, 'lines', true),
  row('"database is locked" errors', slow.lockErrors, tf.lockErrors, 'errors'),
  row('lines lost', slow.linesLost, tf.linesLost, 'lines'),
  row(
    'server event-loop delay p99 (beyond 10 ms sampling)',
    slow.eventLoopDelayP99Ms,
    tf.eventLoopDelayP99Ms,
    'ms',
  ),
  row('server peak RSS', slow.peakRssBytes / MB, tf.peakRssBytes / MB, 'MB'),
];
printTable(
  `Load: ${agents} agents streaming (SSE, deltas) + ${readers} history readers (${readPauseMs} ms apart) over their runs and ${pastRuns} past runs of ${pastDeltas} deltas; ${seconds} s, runs of ${deltas} deltas at ${speed}× pace`,
  rows,
);

const targets = [
  { target: 'zero lock errors', ok: tf.lockErrors === 0, value: `${tf.lockErrors}` },
  { target: 'history read p99 < 50 ms', ok: tf.historyP99Ms < 50, value: `${tf.historyP99Ms.toFixed(1)} ms` },
  {
    target: 'live delivery p99 < 20 ms',
    ok: tf.deliveryP99Ms < 20,
    value: `${tf.deliveryP99Ms.toFixed(1)} ms`,
  },
  {
    target: 'peak RSS < 300 MB',
    ok: tf.peakRssBytes < 300 * MB,
    value: `${(tf.peakRssBytes / MB).toFixed(0)} MB`,
  },
];
const lines = [
  `\ntokenfold targets${agents === 20 ? '' : ` (defined for 20 agents; this run had ${agents})`}:`,
];
for (const t of targets) lines.push(`  ${t.ok ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value}`);
if (long !== null) {
  const growth = long.peakRssBytes / tf.peakRssBytes;
  lines.push(
    `\nRSS vs run length (tokenfold): runs of ${deltas} deltas → peak ${(tf.peakRssBytes / MB).toFixed(0)} MB; runs of ${deltas * 4} deltas → peak ${(long.peakRssBytes / MB).toFixed(0)} MB (${growth.toFixed(2)}×)`,
  );
  lines.push(
    `  ${growth < 1.25 ? 'PASS' : 'FAIL'}  peak RSS does not grow with run length (< 1.25× for 4× longer runs)`,
  );
}
for (const s of [slow, tf, ...(long ? [long] : [])]) {
  if (s.streamErrors + s.historyErrors > 0)
    lines.push(
      `note: ${s.name}: ${s.streamErrors} stream errors ${JSON.stringify(s.streamErrorSamples)}, ${s.historyErrors} failed history reads ${JSON.stringify(s.historyErrorSamples)}`,
    );
  if (s.loadAverage[0] > cores)
    lines.push(
      `note: ${s.name}: the machine was busy before it started (load average ${s.loadAverage[0].toFixed(1)} on ${cores} cores): latencies include that`,
    );
  if (s.pacer.lateP99Ms > 10 || s.pacer.neverOpened > 0)
    lines.push(
      `note: ${s.name}: the stand-in agents' pacer lagged (p99 ${s.pacer.lateP99Ms.toFixed(1)} ms, max ${s.pacer.lateMaxMs.toFixed(1)} ms; ${s.pacer.neverOpened} FIFOs never opened)`,
    );
  if (s.clientLoopP99Ms > 10)
    lines.push(
      `note: ${s.name}: the benchmark's own event loop lagged (p99 ${s.clientLoopP99Ms.toFixed(1)} ms); latencies include that`,
    );
}
process.stdout.write(lines.join('\n') + '\n');
const file = saveResults('load', {
  config: { agents, readers, readPauseMs, seconds, speed, deltas, pastRuns, pastDeltas },
  rows,
  targets,
  slow,
  tokenfold: tf,
  tokenfoldLongRuns: long,
});
process.stderr.write(`saved ${file}\n`);
