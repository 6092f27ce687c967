// What one demo run is "about": project, task, files and identifiers that its prose and tool calls mention.
import type { Rng } from './prng.js';
import {
  ADJECTIVES,
  CONCEPTS,
  FEATURES,
  FILE_KINDS,
  FOLDERS,
  MODULES,
  NOUNS,
  PROJECTS,
  VERBS,
} from './vocab.js';

export interface Topic {
  project: string;
  cwd: string;
  prompt: string;
  feature: string;
  modules: string[];
  files: string[];
  tests: string[];
  fns: string[];
  types: string[];
}

export function makeTopic(rng: Rng, prompt?: string): Topic {
  const project = rng.pick(PROJECTS);
  const feature = prompt ? asTask(prompt) : rng.pick(FEATURES);
  const folder = rng.pick(FOLDERS);
  const modules = distinct(rng, MODULES, 4);
  const files: string[] = [];
  const tests: string[] = [];
  for (const m of modules) {
    const kind = rng.pick(FILE_KINDS);
    files.push(`${folder}/${m}/${m}-${kind}.ts`);
    files.push(`${folder}/${m}/index.ts`);
    tests.push(`${folder}/${m}/${m}-${kind}.test.ts`);
  }
  const types = distinct(rng, NOUNS, 4);
  const fns = types.map((t) => rng.pick(VERBS) + t);
  return {
    project,
    cwd: `/home/dev/projects/${project}`,
    prompt: prompt ?? `In ${project}, ${feature}. Keep the change focused and make sure the tests pass.`,
    feature,
    modules,
    files,
    tests,
    fns,
    types,
  };
}

/** Replaces `{fn}`, `{file}`, `{test}`, `{type}`, `{module}`, `{concept}`, `{adj}`, `{n}` in a template. */
export function fill(template: string, rng: Rng, t: Topic): string {
  if (template.indexOf('{') === -1) return template;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'fn':
        return rng.pick(t.fns);
      case 'file':
        return rng.pick(t.files);
      case 'test':
        return rng.pick(t.tests);
      case 'type':
        return rng.pick(t.types);
      case 'module':
        return rng.pick(t.modules);
      case 'concept':
        return rng.pick(CONCEPTS);
      case 'adj':
        return rng.pick(ADJECTIVES);
      case 'n':
        return String(rng.int(12, 480));
      default:
        return key;
    }
  });
}

/** "Fix the login bug." → "fix the login bug" (used in "The user wants me to …"). */
function asTask(prompt: string): string {
  const s = prompt
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '');
  const short = s.length > 160 ? s.slice(0, 157).replace(/\s+\S*$/, '') + '…' : s;
  return short.length > 1 && short[1] === short[1]!.toLowerCase()
    ? short[0]!.toLowerCase() + short.slice(1)
    : short;
}

function distinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = items.slice();
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}
