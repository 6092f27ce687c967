import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterCarriageReturn, paletteHex, parseAnsi, stripAnsi } from './ansi.js';

describe('parseAnsi', () => {
  it('returns one unstyled span for plain text', () => {
    expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: null }]);
  });

  it('applies colours and attributes, and resets', () => {
    expect(parseAnsi('a\x1b[1;31mB\x1b[22mC\x1b[0md')).toEqual([
      { text: 'a', style: null },
      { text: 'B', style: { bold: true, fg: 1 } },
      { text: 'C', style: { fg: 1 } },
      { text: 'd', style: null },
    ]);
  });

  it('handles bright, background, 256-colour and 24-bit colours', () => {
    expect(parseAnsi('\x1b[92;104mx')[0]!.style).toEqual({ fg: 10, bg: 12 });
    expect(parseAnsi('\x1b[38;5;208mx')[0]!.style).toEqual({ fg: 208 });
    expect(parseAnsi('\x1b[48;2;255;0;16mx')[0]!.style).toEqual({ bg: '#ff0010' });
    expect(parseAnsi('\x1b[38:2::1:2:3mx')[0]!.style).toEqual({ fg: '#010203' });
    expect(parseAnsi('\x1b[31m\x1b[39mx')).toEqual([{ text: 'x', style: null }]);
  });

  it('treats an empty SGR as reset and drops other control sequences', () => {
    expect(parseAnsi('\x1b[4mu\x1b[mv')).toEqual([
      { text: 'u', style: { underline: true } },
      { text: 'v', style: null },
    ]);
    expect(stripAnsi('\x1b[2K\x1b[1Gprogress\x1b]0;title\x07 done\x1b]8;;http://x\x1b\\link')).toBe(
      'progress donelink',
    );
  });

  it('never loses visible text (property)', () => {
    const piece = fc.oneof(
      fc.string().map((s) => s.replace(/\x1b/g, '')),
      fc.constantFrom('\x1b[0m', '\x1b[1;32m', '\x1b[38;5;99m', '\x1b[K', '\x1b[?25l', '\x1b]0;t\x07'),
    );
    fc.assert(
      fc.property(fc.array(piece), (pieces) => {
        const visible = pieces.filter((p) => !p.startsWith('\x1b')).join('');
        expect(
          parseAnsi(pieces.join(''))
            .map((s) => s.text)
            .join(''),
        ).toBe(visible);
      }),
    );
  });
});

describe('helpers', () => {
  it('computes the 256-colour palette', () => {
    expect(paletteHex(16)).toBe('#000000');
    expect(paletteHex(196)).toBe('#ff0000');
    expect(paletteHex(231)).toBe('#ffffff');
    expect(paletteHex(232)).toBe('#080808');
    expect(paletteHex(255)).toBe('#eeeeee');
  });

  it('keeps what a terminal shows after carriage returns', () => {
    expect(afterCarriageReturn('10%\r50%\r100%')).toBe('100%');
    expect(afterCarriageReturn('done\r')).toBe('done');
    expect(afterCarriageReturn('plain')).toBe('plain');
  });
});
