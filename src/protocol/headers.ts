// Response headers and body forms of the log routes, shared by the server and the page.

/** `as=` of `GET /api/executions/:id/logs`: a JSON page, or (line views) one item per line of `text/plain`. */
export const LOG_BODY_FORMS = ['json', 'lines'] as const;
export type LogBodyForm = (typeof LOG_BODY_FORMS)[number];

export const LINES_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** Response headers carrying an `as=lines` page's cursors; a header is absent where the JSON field would be null. */
export const CURSOR_HEADERS = {
  next: 'tokenfold-next-cursor',
  prev: 'tokenfold-prev-cursor',
  last: 'tokenfold-last-seq',
} as const;

/** The query parameter carrying the access token where a header cannot (EventSource, the first page load). */
export const TOKEN_PARAM = 'token';

/** `part=` of a piece of one conversation entry's text (`logs?format=conversation&entry=`). */
export const ENTRY_TEXT_PARTS = ['text', 'input', 'result'] as const;
export type EntryTextPart = (typeof ENTRY_TEXT_PARTS)[number];

/** Response headers of a piece of an entry's text: the whole text's length and where the next piece starts (UTF-16 units). */
export const ENTRY_TEXT_HEADERS = {
  length: 'tokenfold-text-length',
  next: 'tokenfold-text-next',
} as const;
