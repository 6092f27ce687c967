// Plausible TypeScript source lines for the run's code blocks, Read results and Edit/Write inputs.
import type { Rng } from './prng.js';
import type { Topic } from './topic.js';
import { VERBS } from './vocab.js';

const lower = (s: string) => s[0]!.toLowerCase() + s.slice(1);

type Snippet = (rng: Rng, t: Topic) => string[];

const SNIPPETS: Snippet[] = [
  (rng, t) => {
    const T = rng.pick(t.types);
    return [
      `export interface ${T} {`,
      '  id: string;',
      `  ${lower(T)}Key: string;`,
      '  createdAt: Date;',
      `  limit?: number;`,
      '}',
      '',
    ];
  },
  (rng, t) => {
    const T = rng.pick(t.types);
    const v = lower(T);
    return [
      `export async function ${rng.pick(t.fns)}(input: ${T}Input): Promise<${T}> {`,
      `  const ${v} = await repo.find${T}(input.id);`,
      `  if (!${v}) throw new NotFoundError('${v}', input.id);`,
      `  return { ...${v}, updatedAt: new Date() };`,
      '}',
      '',
    ];
  },
  (rng, t) => {
    const m = rng.pick(t.modules);
    return [
      `import { ${rng.pick(t.fns)} } from './${m}-${rng.pick(['service', 'store', 'utils'])}.js';`,
      `import type { ${rng.pick(t.types)} } from '../${m}/index.js';`,
    ];
  },
  (rng) => {
    const n = rng.int(2, 9);
    return [`const MAX_ATTEMPTS = ${n};`, `const BASE_DELAY_MS = ${rng.pick([50, 100, 250, 500])};`, ''];
  },
  (rng, t) => {
    const T = rng.pick(t.types);
    return [
      `describe('${rng.pick(t.fns)}', () => {`,
      `  it('${rng.pick(['returns the next page', 'rejects a negative limit', 'retries on 503', 'keeps the order stable'])}', async () => {`,
      `    const result = await ${rng.pick(t.fns)}({ id: '${T.toLowerCase()}-${rng.int(1, 99)}', limit: ${rng.int(1, 50)} });`,
      `    expect(result).toMatchObject({ ok: true });`,
      '  });',
      '});',
      '',
    ];
  },
  (rng, t) => {
    const v = rng.pick(VERBS);
    return [
      `  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {`,
      `    try {`,
      `      return await ${v}(${lower(rng.pick(t.types))});`,
      `    } catch (err) {`,
      `      if (!isRetryable(err)) throw err;`,
      `      await sleep(BASE_DELAY_MS * 2 ** attempt);`,
      `    }`,
      `  }`,
    ];
  },
  (rng, t) => [
    `// ${rng.pick(['TODO', 'NOTE'])}: ${rng.pick(['keep in sync with', 'see', 'mirrors'])} ${rng.pick(t.files)}`,
  ],
];

/** About `n` lines of code (whole snippets, so it may run a few lines over). */
export function codeLines(rng: Rng, t: Topic, n: number): string[] {
  const out: string[] = [];
  while (out.length < n) for (const l of rng.pick(SNIPPETS)(rng, t)) out.push(l);
  return out;
}
