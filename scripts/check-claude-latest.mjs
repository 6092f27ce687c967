#!/usr/bin/env node
// Drift check: the newest published Claude Code CLI against the stand-in, ingested by tokenfold. Prints the CLI version,
// delta lines, the fraction tokenfold folded and every shape (field, event, delta type, system subtype) it has not seen.
// Exit 1 when less than 99% of the delta lines were folded (or a scenario ended with the wrong exit code).
// Usage: npm run check:claude-latest [-- --version V] [--keep] | node scripts/check-claude-latest.mjs --update-known
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_CODE, installAgentCli, latestVersion } from './agent-cli.mjs';

const root = join(import.meta.dirname, '..');
const KNOWN_FILE = join(import.meta.dirname, 'claude-known-shapes.json');
const FIXTURES = join(root, 'test/fixtures/claude-code-2.1.x');
const SCENARIOS = ['thinking', 'tools', 'agent'];
const MIN_FOLDED = 0.99;

const dist = (p) =>
  import(join(root, 'dist/test/support', p)).catch(() => {
    console.error('check-claude-latest: dist/ is missing: run `npm run build:server` first');
    process.exit(2);
  });
const { runScenarios, EXPECTED_EXIT } = await dist('claude-scenario-runs.js');
const { collectShapes, emptyShapes, sortedShapes, unseenShapes } = await dist('stream-shapes.js');

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

// --update-known: the known shapes are those of the committed captures of today's CLI.
if (args.includes('--update-known')) {
  const shapes = emptyShapes();
  for (const f of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')))
    collectShapes(readFileSync(join(FIXTURES, f), 'utf8'), shapes);
  writeFileSync(KNOWN_FILE, JSON.stringify(sortedShapes(shapes), null, 2) + '\n');
  console.log(`wrote ${KNOWN_FILE} from ${FIXTURES}`);
  process.exit(0);
}

const tokenfold = (...a) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/tokenfold.js'), ...a], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tokenfold ${a[0]} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
};
const isDelta = (line) => {
  if (!line.includes('content_block_delta')) return false;
  try {
    const o = JSON.parse(line);
    return o.type === 'stream_event' && o.event?.type === 'content_block_delta';
  } catch {
    return false;
  }
};

const version = arg('--version') ?? latestVersion(CLAUDE_CODE.pkg);
const tmp = mkdtempSync(join(tmpdir(), 'tokenfold-claude-latest-'));
let exit = 0;
try {
  const { bin } = installAgentCli({ version, cacheDir: join(tmp, 'cli'), log: (l) => console.log(l) });
  const db = join(tmp, 'check.db');
  const seen = emptyShapes();
  let deltas = 0;
  let folded = 0;
  console.log(`Claude Code ${version} (pinned for tests: ${CLAUDE_CODE.pinned})`);
  for (const r of await runScenarios(bin, SCENARIOS, tmp)) {
    const file = join(tmp, `${r.scenario}.jsonl`);
    writeFileSync(file, r.stdout);
    const text = r.stdout.toString('utf8');
    collectShapes(text, seen);
    const id = tokenfold('ingest', '--executor', 'claude-code', '--db', db, file).trim();
    const detail = JSON.parse(tokenfold('inspect', db, '--json')).executions_detail.find((e) => e.id === id);
    const n = text.split('\n').filter(isDelta).length;
    deltas += n;
    folded += detail.deltas_folded;
    const codeOk = r.code === EXPECTED_EXIT[r.scenario];
    if (!codeOk) exit = 1;
    const reasons = Object.entries(detail.unfolded_reasons ?? {}).map(([k, v]) => `${k} ${v}`);
    const unfolded = reasons.length ? ` (not folded: ${reasons.join(', ')})` : '';
    console.log(
      `  ${r.scenario}: exit ${r.code}${codeOk ? '' : ` (expected ${EXPECTED_EXIT[r.scenario]})`}, ${r.ms} ms, ${detail.lines} lines, ${n} delta lines, ${detail.deltas_folded} folded${unfolded}`,
    );
    if (r.stderr.trim()) console.log(`    stderr: ${r.stderr.trim().slice(0, 300)}`);
  }
  const fraction = deltas === 0 ? 0 : folded / deltas;
  console.log(
    `delta lines ${deltas}, folded ${folded}: ${(fraction * 100).toFixed(1)}% (needs ≥ ${MIN_FOLDED * 100}%)`,
  );
  const unseen = unseenShapes(JSON.parse(readFileSync(KNOWN_FILE, 'utf8')), seen);
  console.log(
    unseen.length === 0
      ? 'no shape tokenfold has not seen'
      : `not seen before (${unseen.length}):\n  ${unseen.join('\n  ')}`,
  );
  if (fraction < MIN_FOLDED) exit = 1;
} catch (e) {
  console.error(`check-claude-latest: ${e.message}`);
  exit = 1;
} finally {
  if (args.includes('--keep')) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = exit;
