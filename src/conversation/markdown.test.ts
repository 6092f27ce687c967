import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, type MdBlock, type MdInline } from './markdown.js';
import { parseInline } from './markdown-inline.js';

const text = (t: string): MdInline => ({ type: 'text', text: t });

describe('parseMarkdown', () => {
  it('parses paragraphs with line breaks, headings and rules', () => {
    expect(parseMarkdown('# Title\n\nline one\nline two\n\n---')).toEqual([
      { type: 'heading', level: 1, inlines: [text('Title')] },
      { type: 'paragraph', inlines: [text('line one'), { type: 'break' }, text('line two')] },
      { type: 'hr' },
    ]);
  });

  it('keeps code fences verbatim, including an unclosed one while streaming', () => {
    expect(parseMarkdown('```ts\nconst a = `**x**`;\n\n<b>\n```\nafter')).toEqual([
      { type: 'code', lang: 'ts', text: 'const a = `**x**`;\n\n<b>' },
      { type: 'paragraph', inlines: [text('after')] },
    ]);
    expect(parseMarkdown('```\npartial')).toEqual([{ type: 'code', lang: '', text: 'partial' }]);
  });

  it('parses nested and ordered lists', () => {
    const [list] = parseMarkdown('1. first\n2. second\n   - inner *a*\n3. third') as [
      Extract<MdBlock, { type: 'list' }>,
    ];
    expect(list).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(list.items).toHaveLength(3);
    expect(list.items[1]![1]).toEqual({
      type: 'list',
      ordered: false,
      start: 1,
      items: [[{ type: 'paragraph', inlines: [text('inner '), { type: 'em', children: [text('a')] }] }]],
    });
  });

  it('parses tables and quotes', () => {
    expect(parseMarkdown('| a | b |\n|:--|--:|\n| `x` | y \\| z |\n\n> quoted')).toEqual([
      {
        type: 'table',
        align: ['left', 'right'],
        head: [[text('a')], [text('b')]],
        rows: [[[{ type: 'code', text: 'x' }], [text('y | z')]]],
      },
      { type: 'quote', blocks: [{ type: 'paragraph', inlines: [text('quoted')] }] },
    ]);
  });
});

describe('parseInline', () => {
  it('parses code, strong, emphasis, strikethrough and links', () => {
    expect(parseInline('a `b*c*` **d _e_** ~~f~~ [g](http://h "t")')).toEqual([
      text('a '),
      { type: 'code', text: 'b*c*' },
      text(' '),
      { type: 'strong', children: [text('d '), { type: 'em', children: [text('e')] }] },
      text(' '),
      { type: 'del', children: [text('f')] },
      text(' '),
      { type: 'link', href: 'http://h', children: [text('g')] },
    ]);
  });

  it('leaves unmatched and intraword delimiters as text', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(parseInline('snake_case_name and **open')).toEqual([text('snake_case_name and **open')]);
    expect(parseInline('\\*literal\\*')).toEqual([text('*literal*')]);
  });

  it('keeps all text of arbitrary input and stays fast on many unmatched delimiters', () => {
    const flat = (xs: MdInline[]): string =>
      xs
        .map((x) =>
          x.type === 'text' || x.type === 'code' ? x.text : x.type === 'break' ? '\n' : flat(x.children),
        )
        .join('');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', 'b', '\n') }), (s) => {
        expect(flat(parseInline(s))).toBe(s);
      }),
    );
    const start = performance.now();
    parseInline('*a '.repeat(20_000) + '`'.repeat(3) + '_x '.repeat(20_000));
    expect(performance.now() - start).toBeLessThan(500);
  });
});
