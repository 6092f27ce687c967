// Every folder of src/ is on the README's map ("How it works"), so a newcomer finds where each part lives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it('the README map names every folder of src/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const map = readme.slice(
    readme.indexOf('## How it works'),
    readme.indexOf('\n## ', readme.indexOf('## How it works') + 1),
  );
  const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  expect(folders.length).toBeGreaterThan(10);
  expect(folders.filter((f) => !new RegExp(`src/${f}\\b`).test(map))).toEqual([]);
});
