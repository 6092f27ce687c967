// One line of the regenerated output (the `deltas` and `raw` formats), keyed by its sequence number.
import { Eol, type StreamName } from '../ingest/line.js';

export interface ReplayEntry {
  seq: number;
  stream: StreamName;
  eol: Eol;
  /** ms since the execution started. */
  at: number;
  /** The line's text, or null when it was not valid UTF-8 (then `bytes`). */
  text: string | null;
  bytes: Buffer | null;
  /** An exact repeat of a recent delta: only the `raw` view shows it. */
  repeat?: true;
}

const EOLS = ['\n', '\r\n', ''];

/** The exact bytes of an entry as it appeared in the stream, terminator included. */
export function entryBytes(e: ReplayEntry): Buffer {
  const body = e.text !== null ? Buffer.from(e.text, 'utf8') : e.bytes!;
  return e.eol === Eol.Lf
    ? Buffer.concat([body, NL])
    : e.eol === Eol.Crlf
      ? Buffer.concat([body, CRLF])
      : body;
}

/** The entry as text with its terminator (invalid UTF-8 decoded lossily: use entryBytes for exactness). */
export function entryText(e: ReplayEntry): string {
  return (e.text ?? e.bytes!.toString('utf8')) + EOLS[e.eol];
}

const NL = Buffer.from('\n');
const CRLF = Buffer.from('\r\n');
