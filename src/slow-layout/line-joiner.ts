// Re-joins output chunks into whole lines, each stream carrying its own partial line across chunks.
import type { Eol } from './parse-record.js';

export interface LegacyLine {
  stream: 'stdout' | 'stderr';
  /** The line without its end-of-line characters. */
  text: string;
  eol: Eol;
  /** inserted_at of the row that held the line's first character. */
  at: string | null;
  /** Set on a record that could not be read: `text` is the raw record, `stream` is always 'stdout'. */
  malformed?: true;
}

class Carry {
  text = '';
  at: string | null = null;
  open = false;
  seq = 0;
}

export class LineJoiner {
  readonly #stdout = new Carry();
  readonly #stderr = new Carry();
  #seq = 0;

  /** Appends the lines `chunk` completes to `into`; keeps its unterminated tail for the next chunk. */
  push(stream: 'stdout' | 'stderr', chunk: string, at: string | null, into: LegacyLine[]): void {
    const c = stream === 'stdout' ? this.#stdout : this.#stderr;
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      if (chunk.length > 0) this.#extend(c, chunk, at);
      return;
    }
    let start = 0;
    while (nl >= 0) {
      let text = chunk.slice(start, nl);
      let lineAt = at;
      if (c.open) ((text = c.text + text), (lineAt = c.at), (c.text = ''), (c.open = false));
      into.push(terminated(stream, text, lineAt));
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.#extend(c, chunk.slice(start), at);
  }

  /** Emits `stream`'s partial line, if any, as a line without end-of-line. */
  end(stream: 'stdout' | 'stderr', into: LegacyLine[]): void {
    const c = stream === 'stdout' ? this.#stdout : this.#stderr;
    if (!c.open) return;
    into.push({ stream, text: c.text, eol: 'none', at: c.at });
    c.text = '';
    c.open = false;
  }

  /** End of the execution: partial lines of both streams, in the order they began. */
  flush(into: LegacyLine[]): void {
    const first =
      this.#stdout.open && (!this.#stderr.open || this.#stdout.seq < this.#stderr.seq) ? 'stdout' : 'stderr';
    this.end(first, into);
    this.end(first === 'stdout' ? 'stderr' : 'stdout', into);
  }

  #extend(c: Carry, text: string, at: string | null): void {
    if (c.open) c.text += text;
    else ((c.text = text), (c.at = at), (c.open = true), (c.seq = ++this.#seq));
  }
}

function terminated(stream: 'stdout' | 'stderr', text: string, at: string | null): LegacyLine {
  return text.charCodeAt(text.length - 1) === 13
    ? { stream, text: text.slice(0, -1), eol: 'crlf', at }
    : { stream, text, eol: 'lf', at };
}
