// `npm run bench:table`: the README's benchmark tables, generated from benchmarks/results/*.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormatRow } from './per-format.js';
import { RESULTS_DIR, type Row } from './support.js';

function load(name: string): ({ date: string; node: string; rows?: Row[] } & Record<string, unknown>) | null {
  const file = join(RESULTS_DIR, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

function table(rows: Row[]): string {
  return [
    '| metric | slow layout | tokenfold | unit | tokenfold better by |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.metric} | ${fmt(r.slow)} | ${fmt(r.tokenfold)} | ${r.unit} | ${typeof r.ratio === 'number' && Number.isFinite(r.ratio) ? r.ratio.toFixed(1) + '×' : '—'} |`,
    ),
  ].join('\n');
}

for (const name of ['storage', 'load', 'import', 'open']) {
  const r = load(name);
  if (r === null || !Array.isArray(r.rows)) continue;
  process.stdout.write(`### ${name} (${r.date.slice(0, 10)}, Node ${r.node})\n\n${table(r.rows)}\n\n`);
  if (Array.isArray(r.formats)) process.stdout.write(`${formatTable(r.formats as FormatRow[])}\n\n`);
  const jsonl = r.jsonl as { rows?: Row[] } | undefined;
  if (Array.isArray(jsonl?.rows))
    process.stdout.write(`${table(jsonl.rows).replace('| slow layout |', '| JSONL per execution |')}\n\n`);
  if (Array.isArray(r.sizes)) process.stdout.write(`${openTable(r.sizes as OpenSize[])}\n\n`);
}

// PostgreSQL, several instances: its figures beside SQLite's where both were measured, and the targets.
const pgLoad = load('load-postgres');
if (pgLoad !== null && Array.isArray(pgLoad.rows)) {
  const c = pgLoad.config as { agents: number; instances: number; seconds: number; linesPerSecond: number };
  process.stdout.write(
    `### load, PostgreSQL, ${c.instances} instances (${pgLoad.date.slice(0, 10)}, Node ${pgLoad.node}): ${c.agents} agents at ~${c.linesPerSecond} lines/s, each watched from another instance for ${c.seconds} s\n\n${pgTable(pgLoad.rows as unknown as PgRow[], pgLoad.targets as PgTarget[])}\n\n`,
  );
}

interface PgRow {
  metric: string;
  sqlite: number | null;
  postgres: number;
  unit: string;
}
interface PgTarget {
  target: string;
  ok: boolean;
  value: string;
}

function pgTable(rows: PgRow[], targets: PgTarget[]): string {
  const v = (x: number | null) => (x === null ? '—' : fmt(x));
  return [
    '| metric | SQLite | PostgreSQL | unit |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.metric} | ${v(r.sqlite)} | ${v(r.postgres)} | ${r.unit} |`),
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.ok ? 'PASS' : 'FAIL'} |`),
  ].join('\n');
}

const paint = load('paint');
if (paint !== null)
  process.stdout.write(
    `### paint (${paint.date.slice(0, 10)}, Node ${paint.node})\n\n${paintTable(paint)}\n\n`,
  );

type Stats = { p50: number; p95: number; p99: number; max: number };

/** bench:paint: agent write → the frame that draws the delta, and its legs. */
function paintTable(r: Record<string, unknown>): string {
  const p = r.paintMs as Stats;
  const legs = r.legsMs as Record<'agentToPage' | 'pageToDom' | 'domToPaint', Stats>;
  const cpu = r.cpuMsPerSecond as { browserMsPerS: number; serverAndAgentsMsPerS: number } | undefined;
  const c = r.config as { agents: number; pages: number; seconds: number };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const line = (name: string, s: Stats, target = '') =>
    `| ${name} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${target} |`;
  return [
    `${c.agents} agents streaming, ${c.pages} of them open live in Chromium, ${c.seconds} s, ${r.samples as number} deltas painted; load average ${(r.loadAverage as number[]).map((x) => x.toFixed(1)).join(' → ')} on 2 cores${cpu ? `; CPU per second: Chromium ${cpu.browserMsPerS.toFixed(0)} ms, server and agents ${cpu.serverAndAgentsMsPerS.toFixed(0)} ms` : ''}.`,
    '',
    '| from → to | p50 | p95 | p99 | max | target |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    line('agent write → painted', p, `p99 ≤ ${r.targetP99Ms as number} ms`),
    line('agent write → page event', legs.agentToPage),
    line('page event → in the DOM', legs.pageToDom),
    line('in the DOM → painted', legs.domToPaint),
  ].join('\n');
}

interface OpenSize {
  deltas: number;
  pageOpenMs: number;
  coldOpenMs: number;
  coldOpenNoPagesMs: number;
}

/** Chromium: navigation → the run's last entry drawn (tokenfold's page; the slow layout's server has none). */
function openTable(sizes: OpenSize[]): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const vs = (x: number, base: number) => `${(x / base).toFixed(2)}×`;
  const [first] = sizes;
  return [
    '| run (deltas) | cold open: new server, pages stored | vs 2,500 | cold open: no pages (earlier database) | vs 2,500 | warm open, median | vs 2,500 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...sizes.map(
      (s) =>
        `| ${n(s.deltas)} | ${n(s.coldOpenMs)} ms | ${vs(s.coldOpenMs, first!.coldOpenMs)} | ${n(s.coldOpenNoPagesMs)} ms | ${vs(s.coldOpenNoPagesMs, first!.coldOpenNoPagesMs)} | ${n(s.pageOpenMs)} ms | ${vs(s.pageOpenMs, first!.pageOpenMs)} |`,
    ),
  ].join('\n');
}

function formatTable(rows: FormatRow[]): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    '| agent format (demo runs) | lines | rows: slow layout | rows: tokenfold | file: slow layout | file: tokenfold | smaller by |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.format} | ${n(r.lines)} | ${n(r.slowRows)} | ${n(r.tokenfoldRows)} | ${n(r.slowFileBytes)} | ${n(r.tokenfoldFileBytes)} | ${(r.slowFileBytes / r.tokenfoldFileBytes).toFixed(1)}× |`,
    ),
  ].join('\n');
}
