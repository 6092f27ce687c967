// A history page in the server's `as=lines` form: cursors from the headers, lines as the body downloads.
import { CURSOR_HEADERS } from 'tokenfold/protocol';
import { request } from './api.js';
import { readLines, type OnLine } from './read-lines.js';

export interface LinesPage {
  /** Pass as `cursor` for the next page; null at the end of what exists now. */
  nextCursor: number | null;
  /** Pass as `before` for the previous page; null at the start. */
  prevCursor: number | null;
  lastSeq: number;
}

/** Starts the request; the returned page's cursors are known before `body` has been read. */
export async function openLines(
  path: string,
  params: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<{ page: LinesPage; body: (onLine: OnLine) => Promise<number> }> {
  const res = await request(path, { params: { ...params, as: 'lines' }, signal, accept: 'text/plain' });
  const next = res.headers.get(CURSOR_HEADERS.next);
  const prev = res.headers.get(CURSOR_HEADERS.prev);
  const page = {
    nextCursor: next === null ? null : Number(next),
    prevCursor: prev === null ? null : Number(prev),
    lastSeq: Number(res.headers.get(CURSOR_HEADERS.last) ?? -1),
  };
  return { page, body: (onLine) => readLines(res, onLine) };
}
