// The README's "Use as a library" example, run as written through the package's exports (`import … from
// 'tokenfold'` resolves by self-reference to dist/), on a recorded Claude Code run.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/store-helpers.js';

const ROOT = join(import.meta.dirname, '..');
const RUN = join(ROOT, 'test/fixtures/claude-code-2.1.x/claude-code-2.1.332-thinking.jsonl');

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use as a library'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (m === null) throw new Error('README: no js example under "Use as a library"');
  return m[1]!;
}

describe('README library example', () => {
  it('ingests a run and reads it back: messages, the exact bytes, the conversation', () => {
    const tmp = tempDir('tf-readme-');
    // Inside the package, so that `tokenfold` resolves through package.json `exports`.
    const script = join(ROOT, 'dist', `readme-example-${process.pid}.mjs`);
    try {
      writeFileSync(script, readmeExample());
      copyFileSync(RUN, join(tmp.dir, 'run.jsonl'));
      const out = execFileSync(process.execPath, [script], { cwd: tmp.dir, encoding: 'utf8' });
      const [first, second] = out.trim().split('\n');
      const lines = readFileSync(RUN, 'utf8').split('\n').filter(Boolean).length;
      const m1 = /^(\d+) lines, (\d+) deltas folded$/.exec(first!);
      expect(Number(m1?.[1])).toBe(lines);
      expect(Number(m1?.[2])).toBeGreaterThan(10);
      const m2 = /^(\d+) blocks, (\d+) bytes, (\d+) conversation entries$/.exec(second!);
      expect(Number(m2?.[1])).toBeGreaterThan(0);
      expect(Number(m2?.[2])).toBe(statSync(RUN).size);
      expect(Number(m2?.[3])).toBeGreaterThan(0);
    } finally {
      rmSync(script, { force: true });
      tmp.cleanup();
    }
  });
});
