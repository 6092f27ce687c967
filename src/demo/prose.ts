// Markdown prose about the run's coding task: assistant text, thinking, short preambles.
import { codeLines } from './code-gen.js';
import type { Rng } from './prng.js';
import { fill, type Topic } from './topic.js';
import { ACTIONS, FINDINGS, HEADINGS, OPENERS, REASONS } from './vocab.js';

export function sentence(rng: Rng, t: Topic): string {
  const r = rng.next();
  if (r < 0.4) return fill(rng.pick(FINDINGS), rng, t);
  if (r < 0.75) return `${rng.pick(OPENERS)} ${fill(rng.pick(ACTIONS), rng, t)}.`;
  return `This ${fill(rng.pick(REASONS), rng, t)}.`;
}

export function paragraph(rng: Rng, t: Topic): string {
  const n = rng.int(2, 5);
  let s = sentence(rng, t);
  for (let i = 1; i < n; i++) s += ' ' + sentence(rng, t);
  return s;
}

/** One short line before a tool call ("Let me read `src/...`."). */
export function preamble(rng: Rng, t: Topic): string {
  return `${rng.pick(OPENERS)} ${fill(rng.pick(ACTIONS), rng, t)}.`;
}

/** Markdown of at least `minChars` characters: paragraphs, headings, lists and code blocks. */
export function markdown(rng: Rng, t: Topic, minChars: number): string {
  const parts: string[] = [];
  let len = 0;
  const add = (s: string) => (parts.push(s), (len += s.length + 2));
  if (minChars > 400 && rng.chance(0.6)) add(`## ${rng.pick(HEADINGS)}`);
  while (len < minChars) {
    const r = rng.next();
    if (r < 0.5 || minChars - len < 120) add(paragraph(rng, t));
    else if (r < 0.7) add(bullets(rng, t));
    else if (r < 0.82) add('```ts\n' + codeLines(rng, t, rng.int(3, 14)).join('\n').trimEnd() + '\n```');
    else if (r < 0.9) add(`### ${rng.pick(HEADINGS)}`);
    else add(numbered(rng, t));
  }
  return parts.join('\n\n');
}

/** Extended-thinking text: first-person reasoning in plain paragraphs. */
export function thinking(rng: Rng, t: Topic, minChars: number, first: boolean): string {
  let s = first ? `The user wants me to ${t.feature}. ` : '';
  s += paragraph(rng, t);
  while (s.length < minChars) s += (rng.chance(0.3) ? '\n\n' : ' ') + paragraph(rng, t);
  return s;
}

function bullets(rng: Rng, t: Topic): string {
  const n = rng.int(2, 5);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      rng.chance(0.6) ? `- **\`${rng.pick(t.files)}\`**: ${sentence(rng, t)}` : `- ${sentence(rng, t)}`,
    );
  }
  return lines.join('\n');
}

function numbered(rng: Rng, t: Topic): string {
  const n = rng.int(2, 4);
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(`${i}. ${preamble(rng, t)}`);
  return lines.join('\n');
}
