// A line read from a child's stdout or stderr, before any format-specific parsing.

/** Which output stream a line came from. */
export type StreamName = 'stdout' | 'stderr';

/**
 * How the line ended: LF, CRLF, or no terminator (the final line of a stream).
 * @example
 * ```ts
 * const terminator = ['\n', '\r\n', ''][entry.eol]; // entry.eol === Eol.Crlf → '\r\n'
 * ```
 */
export const Eol = { Lf: 0, Crlf: 1, None: 2 } as const;
export type Eol = (typeof Eol)[keyof typeof Eol];

export interface RawLine {
  /** Decoded text, or null when the bytes are not valid UTF-8 (then `bytes` holds them). */
  text: string | null;
  bytes: Buffer | null;
  eol: Eol;
  stream: StreamName;
  /** Arrival time, ms since the execution started. */
  at: number;
}

export const EOL_BYTES = ['\n', '\r\n', ''] as const;
