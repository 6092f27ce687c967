// Inline markdown: code spans, strong/emphasis/strikethrough, links (kept as text + href), line breaks.

export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: MdInline[] }
  | { type: 'link'; href: string; children: MdInline[] }
  | { type: 'break' };

const PUNCT = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

export function parseInline(s: string): MdInline[] {
  const out: MdInline[] = [];
  // Delimiters with no closer after some position: later searches would fail too (keeps this linear).
  const noCloser = new Map<string, number>();
  let buf = '';
  const flush = () => {
    if (buf !== '') out.push({ type: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && PUNCT.test(s[i + 1]!)) {
      buf += s[i + 1];
      i += 2;
    } else if (c === '\n') {
      flush();
      out.push({ type: 'break' });
      i++;
    } else if (c === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const ticks = '`'.repeat(n);
      const end = findCloser(s, ticks, i + n, noCloser, false);
      if (end === -1 || s[end + n] === '`') {
        buf += ticks;
        i += n;
      } else {
        flush();
        let code = s.slice(i + n, end).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        out.push({ type: 'code', text: code });
        i = end + n;
      }
    } else if (c === '*' || c === '_' || (c === '~' && s[i + 1] === '~')) {
      const double = s[i + 1] === c;
      const delim = double ? c + c : c;
      const opensWord = i + delim.length < s.length && !/\s/.test(s[i + delim.length]!);
      const intraword = c === '_' && i > 0 && WORD.test(s[i - 1]!);
      const end = opensWord && !intraword ? findCloser(s, delim, i + delim.length, noCloser, true) : -1;
      if (end === -1 || (c === '_' && end + delim.length < s.length && WORD.test(s[end + delim.length]!))) {
        buf += delim;
        i += delim.length;
      } else {
        flush();
        const type = c === '~' ? 'del' : double ? 'strong' : 'em';
        out.push({ type, children: parseInline(s.slice(i + delim.length, end)) });
        i = end + delim.length;
      }
    } else if (c === '[' || (c === '!' && s[i + 1] === '[')) {
      const link = readLink(s, c === '!' ? i + 1 : i);
      if (link === null) {
        buf += c;
        i++;
      } else {
        flush();
        const children = parseInline(link.text);
        out.push({
          type: 'link',
          href: link.href,
          children: c === '!' ? [{ type: 'text', text: `[image: ${link.text}]` }] : children,
        });
        i = link.end;
      }
    } else {
      buf += c;
      i++;
    }
  }
  flush();
  return out;
}

/** Index of the closing delimiter at or after `from` (content must not end in whitespace), or -1. */
function findCloser(
  s: string,
  delim: string,
  from: number,
  noCloser: Map<string, number>,
  flanking: boolean,
): number {
  const known = noCloser.get(delim);
  if (known !== undefined && from >= known) return -1;
  let j = s.indexOf(delim, from);
  while (j !== -1) {
    const ok = j > from && (!flanking || !/\s/.test(s[j - 1]!)) && (delim.length === 2 || s[j + 1] !== delim);
    if (ok) return j;
    j = s.indexOf(delim, j + 1);
  }
  noCloser.set(delim, Math.min(from, known ?? from));
  return -1;
}

function readLink(s: string, open: number): { text: string; href: string; end: number } | null {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const ch = s[j];
    if (ch === '\n' && s[j + 1] === '\n') return null;
    if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) {
      if (s[j + 1] !== '(') return null;
      const close = s.indexOf(')', j + 2);
      if (close === -1) return null;
      const href =
        s
          .slice(j + 2, close)
          .trim()
          .split(/\s+/)[0] ?? '';
      return { text: s.slice(open + 1, j), href, end: close + 1 };
    }
  }
  return null;
}
