// Splits a byte stream into lines, carrying the partial line across chunks (never re-splitting a buffer).
// Fast path: when the complete lines of a chunk are all ASCII (checked at once with simdutf), they are
// decoded with one latin1 copy and cut with indexOf. Otherwise only the lines holding non-ASCII bytes
// are decoded on their own: a whole-chunk UTF-8 decode is slow and makes every line a two-byte string.
import { isAscii, isUtf8 } from 'node:buffer';
import { Eol } from './line.js';

/** Receives a line: its text when it is valid UTF-8 (then `bytes` is null), else its bytes. */
export type LineSink = (text: string | null, bytes: Buffer | null, eol: Eol) => void;

export interface LineSplitterOptions {
  /** Lines longer than this are emitted in pieces of at most this many bytes (each with Eol.None except the last). */
  maxLineBytes?: number;
}

const NL = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  #parts: Buffer[] = [];
  #partBytes = 0;
  readonly #sink: LineSink;
  readonly #max: number;

  constructor(sink: LineSink, options: LineSplitterOptions = {}) {
    this.#sink = sink;
    this.#max = options.maxLineBytes ?? 64 * 1024 * 1024;
  }

  push(chunk: Buffer): void {
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl === -1) {
      this.#carry(chunk);
      return;
    }
    let head = chunk.subarray(0, lastNl + 1);
    if (this.#partBytes > 0) {
      head = Buffer.concat([...this.#parts, head]);
      this.#parts = [];
      this.#partBytes = 0;
    }
    if (isAscii(head)) this.#textLines(head.toString('latin1'));
    else this.#byteLines(head);
    if (lastNl + 1 < chunk.length) this.#carry(chunk.subarray(lastNl + 1));
  }

  /** Emits the final line if the stream did not end with a newline. */
  end(): void {
    if (this.#partBytes === 0) return;
    this.#emitPiece(Buffer.concat(this.#parts));
  }

  /** `text` ends with a newline. */
  #textLines(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const crlf = nl > start && text.charCodeAt(nl - 1) === CR;
      const end = crlf ? nl - 1 : nl;
      if (end - start > this.#max) this.#long(Buffer.from(text.slice(start, end), 'latin1'), crlf);
      else if (crlf) this.#sink(text.slice(start, end), null, Eol.Crlf);
      else this.#sink(text.slice(start, end), null, Eol.Lf);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
  }

  /**
   * A chunk with some non-ASCII bytes. It is copied once as latin1 (one byte per char), and a native
   * regex scan finds the lines with a byte >= 0x80: the others are sliced from that copy like ASCII
   * chunks; those are decoded as UTF-8 on their own, or kept as bytes if invalid. (Checking and decoding
   * every line separately cost a twelfth of the 250,000-delta ingest.) `buf` ends with a newline.
   */
  #byteLines(buf: Buffer): void {
    const text = buf.toString('latin1');
    let nonAscii = nextNonAscii(text, 0);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const crlf = nl > start && text.charCodeAt(nl - 1) === CR;
      const end = crlf ? nl - 1 : nl;
      const eol = crlf ? Eol.Crlf : Eol.Lf;
      if (end - start > this.#max) {
        this.#long(buf.subarray(start, end), crlf);
        if (nonAscii !== -1 && nonAscii <= nl) nonAscii = nextNonAscii(text, nl + 1);
      } else if (nonAscii === -1 || nonAscii > nl) this.#sink(text.slice(start, end), null, eol);
      else {
        const line = buf.subarray(start, end);
        if (isUtf8(line)) this.#sink(line.toString('utf8'), null, eol);
        else this.#sink(null, Buffer.from(line), eol);
        nonAscii = nextNonAscii(text, nl + 1);
      }
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
  }

  /** A whole line longer than the limit (it came in one chunk): its pieces, the last with the line's terminator. */
  #long(line: Buffer, crlf: boolean): void {
    let at = 0;
    while (line.length - at > this.#max) {
      const end = charBoundary(line, at + this.#max, at);
      this.#emitPiece(line.subarray(at, end));
      at = end;
    }
    const last = line.subarray(at);
    const eol = crlf ? Eol.Crlf : Eol.Lf;
    if (isUtf8(last)) this.#sink(last.toString('utf8'), null, eol);
    else this.#sink(null, Buffer.from(last), eol);
  }

  #emitPiece(bytes: Buffer): void {
    this.#parts = [];
    this.#partBytes = 0;
    if (isUtf8(bytes)) this.#sink(bytes.toString('utf8'), null, Eol.None);
    else this.#sink(null, Buffer.from(bytes), Eol.None);
  }

  #carry(piece: Buffer): void {
    // Copy: the caller may reuse its chunk buffer.
    this.#parts.push(Buffer.from(piece));
    this.#partBytes += piece.length;
    if (this.#partBytes <= this.#max) return;
    // Pieces of at most `max` bytes, cut between UTF-8 characters (a valid line gives valid pieces); the rest waits.
    const all = Buffer.concat(this.#parts);
    let at = 0;
    while (all.length - at > this.#max) {
      const end = charBoundary(all, at + this.#max, at);
      this.#emitPiece(all.subarray(at, end));
      at = end;
    }
    this.#parts = [Buffer.from(all.subarray(at))];
    this.#partBytes = all.length - at;
  }
}

/** `end`, moved back over at most three UTF-8 continuation bytes so that no character is cut (not below `min + 1`). */
function charBoundary(buf: Buffer, end: number, min: number): number {
  for (let e = end; e > min && e > end - 4; e--) if ((buf[e]! & 0xc0) !== 0x80) return e;
  return end;
}

const NON_ASCII = /[\u0080-\u00ff]/g;

/** Index of the first char >= 0x80 at or after `from` in a latin1-decoded string, or -1. */
function nextNonAscii(text: string, from: number): number {
  NON_ASCII.lastIndex = from;
  return NON_ASCII.exec(text)?.index ?? -1;
}
