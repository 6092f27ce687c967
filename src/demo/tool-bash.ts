// Bash tool calls and their results: test runs (sometimes failing), type checks, git, ls.
import type { Rng } from './prng.js';
import type { RunContext } from './run-context.js';
import type { ToolOutcome } from './stream-lines.js';
import type { Topic } from './topic.js';

export interface PlannedTool {
  name: string;
  input: Record<string, unknown>;
  outcome: ToolOutcome;
}

export function bashTool(ctx: RunContext): PlannedTool {
  const { rng, topic } = ctx;
  const r = rng.next();
  if (r < 0.4) {
    const fail = rng.chance(0.3);
    const out = vitestOutput(rng, topic, fail);
    return bash(
      rng,
      `npx vitest run ${rng.chance(0.5) ? rng.pick(topic.tests) : ''}`.trim(),
      'Run the tests',
      out,
      fail ? 1 : 0,
      rng.int(900, 2000),
    );
  }
  if (r < 0.6) {
    const fail = rng.chance(0.35);
    return bash(
      rng,
      'npx tsc --noEmit',
      'Type-check the project',
      fail ? tscErrors(rng, topic) : '',
      fail ? 2 : 0,
      rng.int(800, 1900),
    );
  }
  if (r < 0.75)
    return bash(
      rng,
      'git status --short',
      'Show changed files',
      topic.files
        .slice(0, rng.int(1, 5))
        .map((f) => ` M ${f}`)
        .join('\n'),
      0,
      rng.int(300, 500),
    );
  if (r < 0.88)
    return bash(rng, 'git diff --stat', 'Summarise the diff', diffStat(rng, topic), 0, rng.int(300, 500));
  const dir = rng.pick(topic.files).replace(/\/[^/]+$/, '');
  return bash(
    rng,
    `ls -la ${dir}`,
    'List the module directory',
    lsOutput(rng, topic, dir),
    0,
    rng.int(300, 450),
  );
}

function bash(
  rng: Rng,
  command: string,
  description: string,
  out: string,
  code: number,
  execMs: number,
): PlannedTool {
  const input: Record<string, unknown> = { command, description };
  if (rng.chance(0.15)) input.timeout = 120000;
  if (code !== 0) {
    const text = `Exit code ${code}\n${out}`;
    return {
      name: 'Bash',
      input,
      outcome: { content: text, isError: true, toolUseResult: `Error: ${text}`, execMs },
    };
  }
  return {
    name: 'Bash',
    input,
    outcome: {
      content: out,
      isError: false,
      explicitOk: true,
      execMs,
      toolUseResult: { stdout: out, stderr: '', interrupted: false, isImage: false, noOutputExpected: false },
    },
  };
}

const two = (n: number) => String(n).padStart(2, '0');

function vitestOutput(rng: Rng, t: Topic, fail: boolean): string {
  const lines = ['', ` RUN  v3.2.4 ${t.cwd}`, ''];
  let tests = 0;
  const files = rng.int(3, 24);
  const failing = fail ? rng.int(0, files - 1) : -1;
  for (let i = 0; i < files; i++) {
    const n = rng.int(2, 40);
    tests += n;
    const f = `${rng.pick(t.tests).replace(/[^/]+$/, '')}${rng.pick(t.modules)}-${rng.pick(['service', 'routes', 'store', 'utils', 'schema'])}.test.ts`;
    lines.push(
      i === failing
        ? ` ❯ ${f} (${n} tests | 1 failed) ${rng.int(20, 900)}ms`
        : ` ✓ ${f} (${n} tests) ${rng.int(5, 900)}ms`,
    );
  }
  if (fail) {
    lines.push(
      '',
      '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯',
      '',
      ` FAIL  ${rng.pick(t.tests)} > ${rng.pick(t.fns)} > ${rng.pick(['returns the next page', 'keeps the order stable', 'retries on 503'])}`,
    );
    lines.push(
      `AssertionError: expected ${rng.int(0, 20)} to be ${rng.int(21, 50)} // Object.is equality`,
      '',
      '- Expected',
      '+ Received',
      '',
    );
    const frames = rng.int(2, 12);
    for (let i = 0; i < frames; i++)
      lines.push(`    at ${rng.pick(t.fns)} (${rng.pick(t.files)}:${rng.int(5, 300)}:${rng.int(3, 40)})`);
  }
  lines.push('', ` Test Files  ${fail ? `1 failed | ${files - 1} passed` : `${files} passed`} (${files})`);
  lines.push(`      Tests  ${fail ? `1 failed | ${tests - 1} passed` : `${tests} passed`} (${tests})`);
  lines.push(`   Start at  ${two(rng.int(8, 19))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}`);
  lines.push(
    `   Duration  ${(rng.int(60, 900) / 100).toFixed(2)}s (transform ${rng.int(50, 900)}ms, setup 0ms, collect ${rng.int(100, 2000)}ms, tests ${rng.int(20, 3000)}ms, environment 0ms, prepare ${rng.int(100, 600)}ms)`,
  );
  return lines.join('\n');
}

function tscErrors(rng: Rng, t: Topic): string {
  const out: string[] = [];
  const n = rng.int(1, 6);
  for (let i = 0; i < n; i++) {
    const ty = rng.pick(t.types);
    const msg = rng.pick([
      `Argument of type 'string | undefined' is not assignable to parameter of type 'string'.`,
      `Property '${rng.pick(t.fns)}' does not exist on type '${ty}'.`,
      `Type '${ty} | null' is not assignable to type '${ty}'.`,
      'Expected 2 arguments, but got 1.',
    ]);
    out.push(
      `${rng.pick(t.files)}(${rng.int(3, 400)},${rng.int(3, 60)}): error TS${rng.pick([2322, 2345, 2339, 7006, 2554])}: ${msg}`,
    );
  }
  return out.join('\n');
}

function diffStat(rng: Rng, t: Topic): string {
  let ins = 0;
  let del = 0;
  const lines = t.files.slice(0, rng.int(2, t.files.length)).map((f) => {
    const a = rng.int(1, 120);
    const d = rng.int(0, 40);
    ins += a;
    del += d;
    return ` ${f.padEnd(44)} | ${String(a + d).padStart(3)} ${'+'.repeat(Math.min(30, Math.ceil(a / 4)))}${'-'.repeat(Math.min(15, Math.ceil(d / 4)))}`;
  });
  lines.push(` ${lines.length} files changed, ${ins} insertions(+), ${del} deletions(-)`);
  return lines.join('\n');
}

function lsOutput(rng: Rng, t: Topic, dir: string): string {
  const names = t.files.filter((f) => f.startsWith(dir + '/')).map((f) => f.slice(dir.length + 1));
  const lines = [
    `total ${rng.int(16, 96)}`,
    'drwxr-xr-x  5 dev dev 4096 Mar 11 10:02 .',
    'drwxr-xr-x 14 dev dev 4096 Mar 11 09:58 ..',
  ];
  for (const n of names)
    lines.push(
      `-rw-r--r--  1 dev dev ${String(rng.int(300, 24000)).padStart(5)} Mar ${rng.int(1, 28)} ${rng.int(10, 19)}:${two(rng.int(0, 59))} ${n}`,
    );
  return lines.join('\n');
}
