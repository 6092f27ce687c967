// `npm run bench:load -- --backend postgres --instances 2`: two tokenfold instances on one fresh PostgreSQL
// database; agents started on one instance are each watched from the other (raw view, forwarded from the
// owner), so every line crosses instances. Delivery, gaps, duplicates, writer transactions; then a ~700 KB
// history read and the stored bytes, each beside SQLite. Results in benchmarks/results/load-postgres.json.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateClaudeRun } from '../../src/demo/claude-run.js';
import { benchDir, percentile, saveResults } from '../support.js';
import { FifoAgents } from './fifo-agents.js';
import { clientAgent, httpJson } from './http-client.js';
import { historyRead, storedBytes } from './pg-figures.js';
import { startServer, type ServerProcess } from './server-process.js';
import { watchStream, type WatchResult } from './watch-stream.js';

export interface PgLoadOptions {
  root: string;
  agents: number;
  instances: number;
  seconds: number;
  linesPerSecond: number;
  adminUrl: string;
}

interface WriterInfo {
  writer?: { transactions: number; transactionP99Ms: number; maxTransactionMs: number };
  eventLoopDelayP99Ms?: number;
  eventLoopResolutionMs?: number;
}

export async function runPgClusterLoad(o: PgLoadOptions): Promise<void> {
  // Pace: the generator's realistic line rate scaled to `linesPerSecond`; runs outlast the window.
  const probe = [...generateClaudeRun({ seed: 1, targetDeltas: 2000 })];
  const rate1x = probe.length / (probe.reduce((s, l) => s + l.delayMs, 0) / 1000);
  const speed = o.linesPerSecond / rate1x;
  const deltas = Math.round((2000 * (o.seconds + 20) * o.linesPerSecond) / probe.length);
  const name = `tf_bench_load_${randomBytes(4).toString('hex')}`;
  const url = (db: string) => Object.assign(new URL(o.adminUrl), { pathname: `/${db}` }).toString();
  await admin(o.adminUrl, `CREATE DATABASE ${name}`);
  await admin(o.adminUrl, `CREATE DATABASE ${name}_fresh`);
  const dir = benchDir();
  const log = (s: string) => process.stderr.write(s + '\n');
  log(
    `load (PostgreSQL): ${o.agents} agents at ~${o.linesPerSecond} lines/s (${speed.toFixed(2)}× pace, runs of ${deltas} deltas) on ${o.instances} instances, each watched from another instance for ${o.seconds} s; database ${name}`,
  );
  const loadBefore = loadavg()[0]!;
  const agents = new FifoAgents({ speed, deltas });
  const env = {
    ...process.env,
    ...agents.env(),
    TOKENFOLD_CLUSTER_SECRET: randomBytes(24).toString('base64url'),
  };
  const args = (db: string) => [
    join(o.root, 'bin', 'tokenfold.js'),
    ...['serve', '--port', '0', '--db', db, '--quiet'],
    ...['--claude-bin', join(o.root, 'benchmarks', 'load', 'claude')],
  ];
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < o.instances; i++)
      servers.push(await startServer(process.execPath, args(url(name)), env));
    const latencies: number[] = [];
    const watches: {
      id: string;
      owner: string;
      viewer: string;
      done: Promise<WatchResult>;
      close(): void;
    }[] = [];
    const stagger = 5000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: o.agents }, async (_, i) => {
        await sleep((i * stagger) / o.agents);
        const owner = servers[i % servers.length]!.url;
        const viewer = servers[(i + 1) % servers.length]!.url;
        const { id } = await httpJson<{ id: string }>('POST', `${owner}/api/executions`, {
          executor: 'claude-code',
          prompt: await agents.next(i),
        });
        const w = watchStream(`${viewer}/api/executions/${id}/stream?format=raw`, clientAgent, (ms) =>
          latencies.push(ms),
        );
        watches.push({ id, owner, viewer, ...w });
      }),
    );
    log(
      `  all ${o.agents} runs started in ${((Date.now() - started) / 1000).toFixed(1)} s; watching for ${o.seconds} s`,
    );
    const ticker = setInterval(
      () => log(`  ${latencies.length.toLocaleString('en-US')} lines delivered`),
      5000,
    );
    await sleep(o.seconds * 1000);
    clearInterval(ticker);
    const delivered = latencies.length;
    const window = [...latencies];
    const infos = await Promise.all(servers.map((s) => httpJson<WriterInfo>('GET', `${s.url}/api/info`)));
    // Stopped through the viewer's instance (forwarded to the owner); every stream must end with `finished`.
    await Promise.all(
      watches.map((w) => httpJson('POST', `${w.viewer}/api/executions/${w.id}/stop`, {}).catch(() => null)),
    );
    const ends = await Promise.all(watches.map((w) => Promise.race([w.done, sleep(30_000, null)])));
    let gaps = 0;
    let duplicates = 0;
    let unfinished = 0;
    let reconnects = 0;
    const errors: string[] = [];
    for (const [i, end] of ends.entries()) {
      const w = watches[i]!;
      if (end === null) {
        w.close();
        unfinished++;
        continue;
      }
      const e = await httpJson<{ lines: number }>('GET', `${w.owner}/api/executions/${w.id}`);
      reconnects += end.reconnects;
      gaps += end.gaps + (end.lastId + 1 < e.lines ? 1 : 0);
      duplicates += end.duplicates + (end.lastId + 1 > e.lines ? 1 : 0);
      if (!end.finished) unfinished++;
      if (end.error !== undefined && errors.length < 5) errors.push(end.error);
    }
    for (const s of servers) await s.stop();
    servers.length = 0;
    const pacer = await agents.stats();
    log('  history read and stored bytes (PostgreSQL and SQLite)…');
    const stored = await storedBytes(url(name), url(`${name}_fresh`), dir);
    const history = await historyRead(url(`${name}_fresh`), dir);
    const txP99 = Math.max(...infos.map((i) => i.writer?.transactionP99Ms ?? NaN));
    const txMax = Math.max(...infos.map((i) => i.writer?.maxTransactionMs ?? NaN));
    // Beyond the sampling interval (an idle loop reads ~10 ms at resolution 10), as in run-target.ts.
    const loopP99 = Math.max(
      ...infos.map((i) => Math.max(0, (i.eventLoopDelayP99Ms ?? NaN) - (i.eventLoopResolutionMs ?? 10))),
    );
    const p50 = percentile(window, 50);
    const p99 = percentile(window, 99);
    const bytesRatio = stored.postgresBytes / stored.sqliteBytes;
    const targets = [
      { target: 'delivery p50 ≤ 5 ms', ok: p50 <= 5, value: `${p50} ms` },
      { target: 'delivery p99 ≤ 50 ms', ok: p99 <= 50, value: `${p99} ms` },
      { target: '0 gaps', ok: gaps === 0, value: `${gaps}` },
      { target: '0 duplicates', ok: duplicates === 0, value: `${duplicates}` },
      { target: 'every stream ends with finished', ok: unfinished === 0, value: `${unfinished} did not` },
      { target: 'writer transaction p99 ≤ 50 ms', ok: txP99 <= 50, value: `${txP99.toFixed(1)} ms` },
      {
        target: 'history read (~700 KB, compacted) ≤ 40 ms median',
        ok: history.postgresMedianMs <= 40,
        value: `${history.postgresMedianMs.toFixed(1)} ms (SQLite ${history.sqliteMedianMs.toFixed(1)} ms)`,
      },
      {
        target: "stored bytes within 10% of SQLite's",
        ok: Math.abs(bytesRatio - 1) <= 0.1,
        value: `${stored.postgresBytes.toLocaleString('en-US')} vs ${stored.sqliteBytes.toLocaleString('en-US')} (${bytesRatio.toFixed(2)}×)`,
      },
    ];
    const rows = [
      { metric: 'live delivery p50 (across instances)', sqlite: null, postgres: p50, unit: 'ms' },
      { metric: 'live delivery p99 (across instances)', sqlite: null, postgres: p99, unit: 'ms' },
      { metric: 'lines delivered live', sqlite: null, postgres: delivered, unit: 'lines' },
      { metric: 'gaps / duplicates', sqlite: null, postgres: gaps + duplicates, unit: 'events' },
      {
        metric: 'reconnects (stream ended before finished)',
        sqlite: null,
        postgres: reconnects,
        unit: 'streams',
      },
      { metric: 'writer transaction p99 (max of instances)', sqlite: null, postgres: txP99, unit: 'ms' },
      { metric: 'writer transaction max', sqlite: null, postgres: txMax, unit: 'ms' },
      {
        metric: 'server event-loop delay p99 (max of instances)',
        sqlite: null,
        postgres: loopP99,
        unit: 'ms',
      },
      {
        metric: `history read, ${(history.rawBytes / 1000).toFixed(0)} KB run (median of 9)`,
        sqlite: history.sqliteMedianMs,
        postgres: history.postgresMedianMs,
        unit: 'ms',
      },
      {
        metric: `stored bytes, the load's ${stored.executions} runs (fresh)`,
        sqlite: stored.sqliteBytes,
        postgres: stored.postgresBytes,
        unit: 'bytes',
      },
      {
        metric: 'log rows of those runs',
        sqlite: stored.sqliteRows,
        postgres: stored.postgresRows,
        unit: 'rows',
      },
      {
        metric: 'log record bodies',
        sqlite: stored.sqliteBodyBytes,
        postgres: stored.postgresBodyBytes,
        unit: 'bytes',
      },
    ];
    const fmt = (n: number | null) =>
      n === null ? '—' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
    const out = [
      `\nLoad, PostgreSQL, ${o.instances} instances: ${o.agents} agents at ~${o.linesPerSecond} lines/s, each watched from another instance for ${o.seconds} s`,
    ];
    for (const r of rows)
      out.push(
        `  ${r.metric.padEnd(52)} ${fmt(r.sqlite).padStart(12)} ${fmt(r.postgres).padStart(12)}  ${r.unit}   (SQLite, PostgreSQL)`,
      );
    out.push('\ntargets:');
    for (const t of targets) out.push(`  ${t.ok ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value}`);
    out.push(
      `\nthe load's database as left (compacted runs' live rows deleted, not vacuumed yet): ${stored.postgresAfterLoadBytes.toLocaleString('en-US')} bytes`,
    );
    out.push(
      `stand-in agents (one pacer thread, a \`cat\` per run): ${pacer.runs} runs, ${pacer.lines.toLocaleString('en-US')} lines written, ${pacer.stopped} stopped by the server; pacer lag p99 ${pacer.lateP99Ms.toFixed(1)} ms, max ${pacer.lateMaxMs.toFixed(1)} ms`,
    );
    const loadAfter = loadavg()[0]!;
    if (Math.max(loadBefore, loadAfter) > 2)
      out.push(
        `note: the machine was busy (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on 2 cores): latencies include that`,
      );
    if (errors.length > 0) out.push(`note: stream errors: ${JSON.stringify(errors)}`);
    process.stdout.write(out.join('\n') + '\n');
    const file = saveResults('load-postgres', {
      config: {
        agents: o.agents,
        instances: o.instances,
        seconds: o.seconds,
        linesPerSecond: o.linesPerSecond,
        speed,
        deltas,
      },
      rows,
      targets,
      history,
      stored,
      writers: infos.map((i) => i.writer),
      pacer,
      loadAverage: [loadBefore, loadAfter],
    });
    log(`saved ${file}`);
  } finally {
    for (const s of servers) await s.stop();
    await agents.close();
    await admin(o.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(o.adminUrl, `DROP DATABASE IF EXISTS ${name}_fresh WITH (FORCE)`);
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
