import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Eol } from './line.js';
import { LineSplitter } from './line-splitter.js';

function split(chunks: Buffer[], max?: number): { bytes: Buffer; eol: Eol }[] {
  const out: { bytes: Buffer; eol: Eol }[] = [];
  const s = new LineSplitter(
    (text, bytes, eol) =>
      out.push({ bytes: text !== null ? Buffer.from(text, 'utf8') : Buffer.from(bytes!), eol }),
    max === undefined ? {} : { maxLineBytes: max },
  );
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

const join = (lines: { bytes: Buffer; eol: Eol }[]) =>
  Buffer.concat(lines.flatMap((l) => [l.bytes, Buffer.from(['\n', '\r\n', ''][l.eol]!)]));

describe('LineSplitter', () => {
  it('reassembles any input cut at any points (LF, CRLF, no final newline)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400)), (bytes, cuts) => {
        const input = Buffer.from(bytes);
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => input.subarray(p, all[i + 1] ?? input.length));
        const lines = split(chunks);
        expect(join(lines).equals(input)).toBe(true);
        expect(lines.slice(0, -1).every((l) => l.eol !== Eol.None)).toBe(true);
      }),
    );
  });

  it('in chunks mixing ASCII, other UTF-8 and invalid lines, gives text for valid UTF-8 and bytes otherwise', () => {
    const line = fc.oneof(
      fc
        .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
        .map((t) => Buffer.from(t)),
      fc.string({ unit: 'grapheme' }).map((t) => Buffer.from(t.replace(/[\r\n]/g, ''))),
      fc
        .uint8Array({ minLength: 1, maxLength: 6 })
        .map((b) =>
          Buffer.concat([
            Buffer.from('x'),
            Buffer.from(b.map((v) => (v === 10 || v === 13 ? 0xff : v | 0x80))),
          ]),
        ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(2000)), (lines, cuts) => {
        const input = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const got: { text: string | null; bytes: Buffer | null }[] = [];
        const s = new LineSplitter((text, bytes) => got.push({ text, bytes: bytes && Buffer.from(bytes) }));
        [0, ...points].forEach((p, i, all) => s.push(input.subarray(p, all[i + 1] ?? input.length)));
        s.end();
        expect(got.length).toBe(lines.length);
        lines.forEach((l, i) => {
          const valid = Buffer.from(l.toString('utf8'), 'utf8').equals(l);
          if (valid) expect(got[i]).toEqual({ text: l.toString('utf8'), bytes: null });
          else expect(got[i]!.text === null && got[i]!.bytes!.equals(l)).toBe(true);
        });
      }),
    );
  });

  it('treats CR before LF as CRLF, even across chunks', () => {
    expect(split([Buffer.from('a\r'), Buffer.from('\nb')])).toEqual([
      { bytes: Buffer.from('a'), eol: Eol.Crlf },
      { bytes: Buffer.from('b'), eol: Eol.None },
    ]);
  });

  it('cuts over-long lines into pieces of at most maxLineBytes, between characters, losing no byte (whole in a chunk or not)', () => {
    // Texts of ASCII and 2-, 3- and 4-byte characters, cut into chunks at any points; small limits.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '✓', '😀', '\n', ' '), maxLength: 300 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(1200)), fc.integer({ min: 4, max: 40 }), (t, cuts, max) => {
        const input = Buffer.from(t);
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => input.subarray(p, all[i + 1] ?? input.length));
        const got: { text: string | null; eol: Eol }[] = [];
        const s = new LineSplitter((text, _b, eol) => got.push({ text, eol }), { maxLineBytes: max });
        for (const c of chunks) s.push(c);
        s.end();
        expect(got.every((l) => l.text !== null)).toBe(true); // no character cut in two
        expect(got.map((l) => l.text + ['\n', '\r\n', ''][l.eol]!).join('')).toBe(t);
        // No line or piece is longer than the limit, however the input was cut into chunks.
        for (const l of got) expect(Buffer.byteLength(l.text!)).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('cuts a long line at the same points however it was cut into chunks (one chunk, or many)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '✓', '😀', '\n', '\r'), maxLength: 400 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(2000)), fc.integer({ min: 4, max: 70 }), (t, cuts, max) => {
        const input = Buffer.from(t);
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => input.subarray(p, all[i + 1] ?? input.length));
        expect(split(chunks, max)).toEqual(split([input], max));
      }),
    );
  });

  it('emits an over-long line in pieces without losing bytes', () => {
    const lines = split([Buffer.from('x'.repeat(25)), Buffer.from('y\n')], 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(join(lines).toString()).toBe('x'.repeat(25) + 'y\n');
  });
});
