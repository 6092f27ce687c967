// The `as=lines` body of a line-format log page: one item per line, `seq TAB stream TAB at TAB text`, and the
// page's cursors in response headers. Saves the JSON document's escaping (a line of agent output is itself JSON,
// so it would be escaped twice) on the server and a whole-document parse on the client.
import type { LogItem, LogPage } from '../replay/read-log.js';
import { CURSOR_HEADERS } from '../protocol/headers.js';

/**
 * The body as UTF-8 bytes, written item by item into one buffer. Items never contain a newline (lines are
 * split at \n when captured), so \n frames them. Encoding each text on its own keeps the one-byte fast path
 * for the ASCII ones; one concatenated string turns two-byte if any line has a non-ASCII character, and
 * sizing plus encoding it cost 40-55 ms for the e2e test's 6.3 MB instead of 11-20 ms (test/e2e, Node 20).
 */
export function linesBody(items: readonly LogItem[]): Buffer {
  const heads = new Array<string>(items.length);
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const head = `${it.seq}\t${it.binary ? it.stream + '+binary' : it.stream}\t${it.at}\t`;
    heads[i] = head;
    size += head.length + Buffer.byteLength(it.text) + 1;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    at += out.write(heads[i]!, at, 'latin1');
    at += out.write(items[i]!.text, at, 'utf8');
    out[at++] = 10;
  }
  return out;
}

export function cursorHeaders(page: Omit<LogPage<unknown>, 'items'>): Record<string, string> {
  const h: Record<string, string> = { [CURSOR_HEADERS.last]: String(page.lastSeq) };
  if (page.nextCursor !== null) h[CURSOR_HEADERS.next] = String(page.nextCursor);
  if (page.prevCursor !== null) h[CURSOR_HEADERS.prev] = String(page.prevCursor);
  return h;
}
