// bench:paint's markers: every text delta carries one, the run still folds into the same conversation, and every
// marker ends up in text the page draws (else the benchmark would silently skip those deltas).
import { describe, expect, it } from 'vitest';
import { PaintMarks } from '../benchmarks/paint/paint-mark.js';
import {
  ConversationBuilder,
  parseMarkdown,
  walkEntries,
  type MdBlock,
  type MdInline,
} from 'tokenfold/conversation';
import { generateClaudeRun } from '../src/demo/claude-run.js';

const MARK = /⟦(\d+\.\d+)⟧/g;

function drawnText(blocks: MdBlock[]): string {
  const inl = (xs: MdInline[]): string =>
    xs.map((x) => ('text' in x ? x.text : 'children' in x ? inl(x.children) : '')).join(' ');
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
        case 'heading':
          return inl(b.inlines);
        case 'code':
          return b.text;
        case 'list':
          return b.items.map((i) => drawnText(i)).join(' ');
        case 'quote':
          return drawnText(b.blocks);
        case 'table':
          return [...b.head, ...b.rows.flat()].map(inl).join(' ');
        case 'hr':
          return '';
      }
    })
    .join(' ');
}

describe('paint markers (bench:paint)', () => {
  const plain = [...generateClaudeRun({ seed: 11, targetDeltas: 3000 })].map((l) => l.line);
  const marks = new PaintMarks();
  let t = 1_800_000_000_000;
  const marked = plain.map((l) => marks.line(l, (t += 1.25)));

  it('puts one marker in each text delta and leaves the rest of the line as it was', () => {
    let deltas = 0;
    for (const [i, line] of marked.entries()) {
      const found = [...line.matchAll(MARK)];
      if (plain[i]!.includes('"type":"text_delta"')) {
        deltas++;
        expect(found).toHaveLength(1);
        expect(line.replace(MARK, '')).toBe(plain[i]);
        expect(() => JSON.parse(line)).not.toThrow();
      } else if (!plain[i]!.startsWith('{"type":"assistant"')) expect(line).toBe(plain[i]);
    }
    expect(deltas).toBeGreaterThan(500);
  });

  it('keeps every marker in the final conversation, in text the page draws', () => {
    const sent = new Set(
      marked.flatMap((l) => (l.includes('text_delta') ? [...l.matchAll(MARK)].map((m) => m[1]) : [])),
    );
    const b = new ConversationBuilder('claude-code');
    marked.forEach((l, seq) => b.apply(seq, l, 'stdout'));
    b.finish();
    const drawn = new Set<string>();
    for (const e of walkEntries(b.entries()))
      if (e.kind === 'assistant-text')
        for (const m of drawnText(parseMarkdown(e.text)).matchAll(MARK)) drawn.add(m[1]!);
    const lost = [...sent].filter((m) => !drawn.has(m!));
    expect(lost.length / sent.size).toBeLessThan(0.01);
  });
});
