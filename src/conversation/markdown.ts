// A small markdown parser (the subset assistants write) into a tree; renderers escape text, never emit HTML.
import { parseInline, type MdInline } from './markdown-inline.js';

export type { MdInline };

export type MdBlock =
  | { type: 'paragraph'; inlines: MdInline[] }
  | { type: 'heading'; level: number; inlines: MdInline[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'quote'; blocks: MdBlock[] }
  | { type: 'table'; align: ('left' | 'center' | 'right' | null)[]; head: MdInline[][]; rows: MdInline[][][] }
  | { type: 'hr' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const HR = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const TABLE_SEP = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

export function parseMarkdown(src: string): MdBlock[] {
  return parseBlocks(src.split(/\r?\n/));
}

function parseBlocks(lines: string[]): MdBlock[] {
  const out: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = FENCE.exec(line)) !== null) {
      const fence = m[1]!;
      const body: string[] = [];
      i++;
      // An unclosed fence (still streaming) runs to the end.
      while (i < lines.length && !isClosingFence(lines[i]!, fence)) body.push(lines[i++]!);
      i++;
      out.push({ type: 'code', lang: m[2] ?? '', text: body.join('\n') });
    } else if ((m = HEADING.exec(line)) !== null) {
      out.push({ type: 'heading', level: m[1]!.length, inlines: parseInline(m[2] ?? '') });
      i++;
    } else if (HR.test(line)) {
      out.push({ type: 'hr' });
      i++;
    } else if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(lines[i++]!.replace(QUOTE, ''));
      out.push({ type: 'quote', blocks: parseBlocks(body) });
    } else if (ITEM.test(line)) {
      i = parseList(lines, i, out);
    } else if (
      line.includes('|') &&
      i + 1 < lines.length &&
      TABLE_SEP.test(lines[i + 1]!) &&
      lines[i + 1]!.includes('-')
    ) {
      i = parseTable(lines, i, out);
    } else {
      const body: string[] = [line];
      i++;
      while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) body.push(lines[i++]!);
      out.push({ type: 'paragraph', inlines: parseInline(body.map((l) => l.trim()).join('\n')) });
    }
  }
  return out;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function isClosingFence(line: string, fence: string): boolean {
  const t = line.trim();
  return t.length >= fence.length && t[0] === fence[0] && /^(`+|~+)$/.test(t);
}

function parseList(lines: string[], start: number, out: MdBlock[]): number {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const items: MdBlock[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]!);
    if (m === null || /\d/.test(m[2]!) !== ordered) break;
    const indent = m[0].length;
    const body: string[] = [lines[i]!.slice(indent)];
    i++;
    let blank = false;
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '') {
        blank = true;
        body.push('');
        i++;
        continue;
      }
      const lead = l.length - l.trimStart().length;
      if (lead >= Math.min(indent, 4)) body.push(l.slice(Math.min(lead, indent)));
      else if (!blank && !startsBlock(l))
        body.push(l.trim()); // lazy continuation of the item's paragraph
      else break;
      blank = false;
      i++;
    }
    items.push(parseBlocks(body));
    if (blank && (i >= lines.length || ITEM.exec(lines[i]!) === null)) break;
  }
  out.push({ type: 'list', ordered, start: ordered ? parseInt(first[2]!, 10) : 1, items });
  return i;
}

function parseTable(lines: string[], start: number, out: MdBlock[]): number {
  const head = splitRow(lines[start]!);
  const align = splitRow(lines[start + 1]!).map((c) => {
    const l = c.startsWith(':');
    const r = c.endsWith(':');
    return l && r ? 'center' : r ? 'right' : l ? 'left' : null;
  });
  const rows: MdInline[][][] = [];
  let i = start + 2;
  while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== '')
    rows.push(splitRow(lines[i++]!).map(parseInline));
  out.push({ type: 'table', align, head: head.map(parseInline), rows });
  return i;
}

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}
