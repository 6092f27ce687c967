// Cheap recognition of a Claude Code `stream_event` / `content_block_delta` line, without JSON.parse.
// Claude Code prints compact JSON, so the two markers appear verbatim at the top level; inside string
// values their quotes would be escaped (\"), so a nested mention cannot match.

const STREAM_EVENT = '"type":"stream_event"';
const DELTA_EVENT = '"event":{"type":"content_block_delta"';

/** `chunk` is a Stdout chunk: one line, optionally with its "\n" or "\r\n". */
export function isDeltaLine(chunk: string): boolean {
  if (chunk.charCodeAt(0) !== 123 /* { */) return false;
  const nl = chunk.indexOf('\n');
  if (nl >= 0 && nl !== chunk.length - 1) return false;
  return chunk.includes(DELTA_EVENT) && chunk.includes(STREAM_EVENT);
}
