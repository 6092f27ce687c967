// The lint configuration catches what it is there for: an import cycle between two TypeScript files
// (import-x/no-cycle, resolving `.js` specifiers to `.ts` sources) and a Node import in the browser-safe protocol.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe('eslint.config.js', () => {
  it('reports an import cycle', async () => {
    const dir = join(ROOT, `.lint-probe-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(
        join(dir, 'a.ts'),
        "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      );
      writeFileSync(
        join(dir, 'b.ts'),
        "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
      );
      const results = await new ESLint({ cwd: ROOT }).lintFiles([join(dir, 'a.ts')]);
      expect(results[0]!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a Node import in src/protocol (the web page imports it)', async () => {
    const [r] = await new ESLint({ cwd: ROOT }).lintText(
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      { filePath: join(ROOT, 'src/protocol/probe.ts') },
    );
    expect(r!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  }, 60_000);
});
