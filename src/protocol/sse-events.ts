// The SSE event names of every stream, in one place: the server writes them and the web page listens for them.
// Part of the browser-safe protocol module (no Node imports here). The protocol is described in docs/API.md.

/** `GET /api/executions/:id/stream?format=deltas|raw`: one event per output line, id = the line's seq. */
export const LINE_EVENTS = {
  /** A stdout line; data = the line's text, verbatim. */
  stdout: 'line',
  /** A stderr line; data = the line's text, verbatim. */
  stderr: 'stderr',
  /** A line SSE cannot carry verbatim, either stream; data = JSON `{ stream, text | base64, eol }`. */
  escaped: 'line-escaped',
} as const;

/** `format=conversation`: a snapshot of the entries, then the entries created or changed since. */
export const CONVERSATION_EVENTS = { snapshot: 'snapshot', entries: 'entries' } as const;

/** Last event of every execution stream; data = `{ status, exitCode, signal }`. */
export const FINISHED_EVENT = 'finished';

/** Ends an execution stream whose execution was deleted (after `finished` when it was running); data = `{ id }`. */
export const DELETED_EVENT = 'deleted';

/** `GET /api/events`. */
export const FEED_EVENTS = {
  created: 'created',
  status: 'status',
  progress: 'progress',
  deleted: 'deleted',
} as const;

/** Data of a `line-escaped` event. */
export interface EscapedLine {
  stream: 'stdout' | 'stderr';
  text?: string;
  base64?: string;
  eol: 'lf' | 'crlf' | 'none';
}
