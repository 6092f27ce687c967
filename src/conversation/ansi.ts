// ANSI escape sequences → styled spans (SGR colours and attributes); every other control sequence is dropped.

/** 0–255 palette index, or `#rrggbb` for 24-bit colour. */
export type AnsiColor = number | string;

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSpan {
  text: string;
  /** null when no attribute is set. */
  style: AnsiStyle | null;
}

const ESC = '\x1b';

export function parseAnsi(text: string): AnsiSpan[] {
  // Fast path: most lines carry no escapes at all.
  if (text.indexOf(ESC) === -1) return [{ text, style: null }];
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle | null = null;
  let from = 0;
  let esc = text.indexOf(ESC);
  while (esc !== -1) {
    if (esc > from) spans.push({ text: text.slice(from, esc), style });
    const seq = readSequence(text, esc);
    if (seq.sgr !== null) style = applySgr(style, seq.sgr);
    from = seq.end;
    esc = text.indexOf(ESC, from);
  }
  if (from < text.length) spans.push({ text: text.slice(from), style });
  return mergeSpans(spans);
}

export function stripAnsi(text: string): string {
  if (text.indexOf(ESC) === -1) return text;
  let out = '';
  for (const s of parseAnsi(text)) out += s.text;
  return out;
}

/** What a terminal shows for a line with carriage returns (progress bars): the text after the last `\r`. */
export function afterCarriageReturn(line: string): string {
  const cr = line.lastIndexOf('\r');
  if (cr === -1) return line;
  const tail = line.slice(cr + 1);
  return tail === '' ? afterCarriageReturn(line.slice(0, cr)) : tail;
}

/** Reads one escape sequence at `at`; `sgr` holds the parameters of a colour/attribute sequence. */
function readSequence(text: string, at: number): { end: number; sgr: string | null } {
  const kind = text.charCodeAt(at + 1);
  if (kind === 0x5b /* [ */) {
    // CSI: parameter and intermediate bytes (0x20–0x3f), then one final byte (0x40–0x7e).
    let i = at + 2;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 0x40 && c <= 0x7e)
        return { end: i + 1, sgr: c === 0x6d /* m */ ? text.slice(at + 2, i) : null };
      if (c < 0x20 || c > 0x3f) return { end: i, sgr: null };
      i++;
    }
    return { end: text.length, sgr: null };
  }
  if (kind === 0x5d /* ] */) {
    // OSC (titles, hyperlinks): ends with BEL or ESC \.
    const bel = text.indexOf('\x07', at + 2);
    const st = text.indexOf(ESC + '\\', at + 2);
    if (bel === -1 && st === -1) return { end: text.length, sgr: null };
    if (st === -1 || (bel !== -1 && bel < st)) return { end: bel + 1, sgr: null };
    return { end: st + 2, sgr: null };
  }
  return { end: Math.min(at + 2, text.length), sgr: null };
}

function applySgr(current: AnsiStyle | null, params: string): AnsiStyle | null {
  const codes =
    params === ''
      ? [0]
      : params
          .replace(/::/g, ':')
          .split(/[;:]/)
          .map((p) => (p === '' ? 0 : Number(p)));
  let s: AnsiStyle = current === null ? {} : { ...current };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 9) s.strike = true;
    else if (c === 22) {
      delete s.bold;
      delete s.dim;
    } else if (c === 23) delete s.italic;
    else if (c === 24) delete s.underline;
    else if (c === 27) delete s.inverse;
    else if (c === 29) delete s.strike;
    else if (c >= 30 && c <= 37) s.fg = c - 30;
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8;
    else if (c >= 40 && c <= 47) s.bg = c - 40;
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8;
    else if (c === 39) delete s.fg;
    else if (c === 49) delete s.bg;
    else if (c === 38 || c === 48) {
      const color = extendedColor(codes, i);
      if (color.value !== undefined) s[c === 38 ? 'fg' : 'bg'] = color.value;
      i = color.next;
    }
  }
  return Object.keys(s).length === 0 ? null : s;
}

/** `38;5;n` or `38;2;r;g;b` starting at codes[i]; returns the colour and the index of its last parameter. */
function extendedColor(codes: number[], i: number): { value: AnsiColor | undefined; next: number } {
  if (codes[i + 1] === 5) {
    const n = codes[i + 2];
    return { value: n !== undefined && n >= 0 && n <= 255 ? n : undefined, next: i + 2 };
  }
  if (codes[i + 1] === 2) {
    const rgb = codes.slice(i + 2, i + 5);
    if (rgb.length < 3 || rgb.some((v) => !(v >= 0 && v <= 255))) return { value: undefined, next: i + 4 };
    return { value: '#' + rgb.map(hex2).join(''), next: i + 4 };
  }
  return { value: undefined, next: i + 1 };
}

const hex2 = (v: number): string => v.toString(16).padStart(2, '0');

/** `#rrggbb` of palette entries 16–255 (the 6×6×6 cube and the grey ramp); 0–15 are left to the theme. */
export function paletteHex(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return '#' + hex2(v).repeat(3);
  }
  const i = n - 16;
  const steps = [0, 95, 135, 175, 215, 255];
  return '#' + [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6].map((k) => hex2(steps[k]!)).join('');
}

function mergeSpans(spans: AnsiSpan[]): AnsiSpan[] {
  const out: AnsiSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && last.style === s.style) last.text += s.text;
    else out.push(s);
  }
  return out;
}
