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

/** A partial line longer than this (or than the limit, if smaller) is carried in one buffer, see #carryLong. */
const LONG_CARRY = 64 * 1024;

export class LineSplitter {
  #parts: Buffer[] = [];
  #partBytes = 0;
  /**
   * The partial line once it is long: one buffer, grown up to the limit plus 3 bytes (room to find a
   * character boundary), then reused from piece to piece. Chunks were copied, then concatenated, then
   * the rest copied again: three megabytes of buffers per megabyte of a long line.
   */
  #longCarry: Buffer | null = null;
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
      head = Buffer.concat([...this.#carried(), head]);
      this.#parts = [];
      this.#partBytes = 0;
      this.#longCarry = null;
    }
    if (isAscii(head)) this.#textLines(head.toString('latin1'));
    else this.#byteLines(head);
    if (lastNl + 1 < chunk.length) this.#carry(chunk.subarray(lastNl + 1));
  }

  /** Emits the final line if the stream did not end with a newline. */
  end(): void {
    if (this.#partBytes === 0) return;
    const all = Buffer.concat(this.#carried());
    this.#parts = [];
    this.#partBytes = 0;
    this.#longCarry = null;
    // A long carry may hold up to 3 bytes past the limit.
    let at = 0;
    while (all.length - at > this.#max) {
      const end = charBoundary(all, at + this.#max, at);
      this.#emitPiece(all.subarray(at, end));
      at = end;
    }
    this.#emitPiece(all.subarray(at));
  }

  /** The partial line's bytes. */
  #carried(): Buffer[] {
    return this.#longCarry !== null ? [this.#longCarry.subarray(0, this.#partBytes)] : this.#parts;
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
    if (isUtf8(bytes)) this.#sink(bytes.toString('utf8'), null, Eol.None);
    else this.#sink(null, Buffer.from(bytes), Eol.None);
  }

  #carry(piece: Buffer): void {
    if (this.#longCarry !== null || this.#partBytes + piece.length > Math.min(LONG_CARRY, this.#max)) {
      this.#carryLong(piece);
      return;
    }
    // Copy: the caller may reuse its chunk buffer.
    this.#parts.push(Buffer.from(piece));
    this.#partBytes += piece.length;
  }

  /**
   * Copies into the long carry; each time it is full, its first piece (at most `max` bytes, cut between
   * UTF-8 characters: a valid line gives valid pieces) goes out and the rest moves to its start. Pieces
   * end where they would if the whole line had come at once (see #long).
   */
  #carryLong(piece: Buffer): void {
    const full = this.#max + 3;
    let buf = this.#longCarry;
    if (buf === null) {
      buf = this.#longCarry = Buffer.allocUnsafe(Math.min(full, 2 * (this.#partBytes + piece.length)));
      let at = 0;
      for (const p of this.#parts) at += p.copy(buf, at);
      this.#parts = [];
    }
    for (let from = 0; from < piece.length;) {
      const n = piece.copy(buf, this.#partBytes, from);
      from += n;
      this.#partBytes += n;
      if (this.#partBytes < buf.length) continue;
      if (buf.length < full) {
        // Grown by doubling up to the limit (64 MB for an agent's stdout, whose lines are rarely so long).
        const bigger = Buffer.allocUnsafe(Math.min(full, 2 * buf.length));
        buf.copy(bigger, 0, 0, this.#partBytes);
        buf = this.#longCarry = bigger;
        continue;
      }
      const end = charBoundary(buf, this.#max, 0);
      this.#emitPiece(buf.subarray(0, end));
      buf.copyWithin(0, end, this.#partBytes);
      this.#partBytes -= end;
    }
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
