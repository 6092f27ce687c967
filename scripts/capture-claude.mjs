#!/usr/bin/env node
// Records the real Claude Code CLI's stdout for each stand-in scenario (needs `npm run build:server` first).
// Usage: node scripts/capture-claude.mjs [--version V|latest] [--out DIR] [--scenarios thinking,tools,…]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_CODE, installAgentCli, latestVersion } from './agent-cli.mjs';

const root = join(import.meta.dirname, '..');
const { runScenarios, EXPECTED_EXIT } = await import(
  join(root, 'dist/test/support/claude-scenario-runs.js')
).catch(() => {
  console.error('capture-claude: dist/ is missing: run `npm run build:server` first');
  process.exit(2);
});

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
let version = arg('--version', CLAUDE_CODE.pinned);
if (version === 'latest') version = latestVersion(CLAUDE_CODE.pkg);
const out = arg('--out', join(root, 'test/fixtures/claude-code-2.1.x'));
const scenarios = arg('--scenarios', 'thinking,tools,agent,background,error,overloaded').split(',');

const { bin } = installAgentCli({ version, log: (l) => console.error(l) });
const work = mkdtempSync(join(tmpdir(), 'tokenfold-capture-'));
mkdirSync(out, { recursive: true });
let failed = false;
try {
  for (const r of await runScenarios(bin, scenarios, work)) {
    const file = join(out, `claude-code-${version}-${r.scenario}.jsonl`);
    writeFileSync(file, r.stdout);
    const ok = r.code === EXPECTED_EXIT[r.scenario];
    failed ||= !ok;
    console.log(
      `${r.scenario}: exit ${r.code}${ok ? '' : ` (expected ${EXPECTED_EXIT[r.scenario]})`}, ${r.ms} ms, ${r.requests} API requests, ${r.stdout.length} bytes → ${file}`,
    );
    if (r.stderr.trim()) console.log(`  stderr: ${r.stderr.trim().slice(0, 500)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
