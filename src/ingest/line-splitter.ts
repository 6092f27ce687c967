// Splits a byte stream into lines, carrying the partial line across chunks (never re-splitting a buffer).
import { Eol } from './line.js';

export type LineSink = (bytes: Buffer, eol: Eol) => void;

export interface LineSplitterOptions {
  /** Lines longer than this are emitted in pieces (each piece with Eol.None except the last). */
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
    let start = 0;
    let nl = chunk.indexOf(NL, start);
    while (nl !== -1) {
      this.#emitUpTo(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(NL, start);
    }
    if (start < chunk.length) this.#carry(chunk.subarray(start));
  }

  /** Emits the final line if the stream did not end with a newline. */
  end(): void {
    if (this.#partBytes === 0) return;
    const line = this.#take(null, 0, 0);
    this.#sink(line, Eol.None);
  }

  #emitUpTo(chunk: Buffer, start: number, nl: number): void {
    const line = this.#take(chunk, start, nl);
    if (line.length > 0 && line[line.length - 1] === CR) this.#sink(line.subarray(0, line.length - 1), Eol.Crlf);
    else this.#sink(line, Eol.Lf);
  }

  #take(chunk: Buffer | null, start: number, end: number): Buffer {
    if (this.#partBytes === 0) return chunk ? chunk.subarray(start, end) : Buffer.alloc(0);
    if (chunk && end > start) this.#parts.push(chunk.subarray(start, end));
    const line = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts);
    this.#parts = [];
    this.#partBytes = 0;
    return line;
  }

  #carry(piece: Buffer): void {
    // Copy: the caller may reuse its chunk buffer.
    this.#parts.push(Buffer.from(piece));
    this.#partBytes += piece.length;
    if (this.#partBytes > this.#max) {
      const line = this.#take(null, 0, 0);
      this.#sink(line, Eol.None);
    }
  }
}
