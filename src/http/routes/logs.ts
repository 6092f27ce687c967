// History reads: one execution's log in a format, paginated forwards or from the end; JSON or (line formats) plain lines.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { invalid, notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { formatFor } from '../../formats/registry.js';
import {
  LOG_FORMATS,
  pageRecords,
  pageLinesSliced,
  type LogItem,
  type LogPageQuery,
} from '../../replay/read-log.js';
import { readRecords } from '../../replay/read-history.js';
import { toLineMessage } from '../../replay/messages.js';
import type { ReplayEntry } from '../../replay/entry.js';
import { hasConversationPages } from '../../replay/conversation-pages/index.js';
import type { LineHistory } from '../../replay/line-history.js';
import type { ConversationCache } from '../conversation-cache.js';
import { intParam } from '../query.js';
import { sendDownload } from './download.js';
import { sendEntryText, wantsEntryText } from './entry-text.js';
import { WeightedLru } from '../weighted-lru.js';
import { cursorHeaders, linesBody } from '../log-lines.js';
import { LINES_CONTENT_TYPE, type LogBodyForm } from '../../protocol/headers.js';
import { ExecutionParams, LogsQuery } from '../../protocol/schemas.js';
import type { LogRecord } from '../../records/types.js';

const MAX_PAGE = 100_000;

/** The paging parameters as numbers; a 400 naming the parameter for anything but a decimal integer in range. */
function pageQuery(q: LogsQuery): Omit<LogPageQuery, 'format'> {
  const page: Omit<LogPageQuery, 'format'> = {};
  const cursor = intParam(q.cursor, 'cursor', -1);
  const before = intParam(q.before, 'before', 0);
  const limit = intParam(q.limit, 'limit', 1, MAX_PAGE);
  const tail = intParam(q.tail, 'tail', 1, MAX_PAGE);
  if (cursor !== undefined) page.cursor = cursor;
  if (before !== undefined) page.before = before;
  if (limit !== undefined) page.limit = limit;
  if (tail !== undefined) page.tail = tail;
  return page;
}

/** A rendered response: cached as a whole for finished executions. */
interface Rendered {
  /** A stream: a large line page sent as it is made (never cached). */
  body: string | Buffer | Readable;
  type: string;
  headers: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function logRoutes(
  app: FastifyInstance,
  manager: ExecutionManager,
  conversations: ConversationCache,
): void {
  // Finished (compacted) executions never change: their decoded records and rendered pages are cached.
  const records = new WeightedLru<LogRecord[]>(24 * 1024 * 1024);
  const pages = new WeightedLru<Rendered>(24 * 1024 * 1024);
  const arrived = new WeakMap<object, number>();
  const onRequest = async (req: object) => void arrived.set(req, performance.now());
  app.get<{ Params: ExecutionParams; Querystring: LogsQuery }>(
    '/api/executions/:id/logs',
    {
      schema: {
        summary: "An execution's history in a view, paged",
        tags: ['logs'],
        params: ExecutionParams,
        querystring: LogsQuery,
      },
      onRequest,
    },
    async (req, reply) => {
      const { format = 'messages', as = 'json' } = req.query;
      const page = pageQuery(req.query);
      if (as === 'lines' && (format === 'messages' || format === 'conversation'))
        throw invalid(
          'as',
          `lines is for the line formats (${LOG_FORMATS.filter((f) => f !== 'messages').join(', ')}), not ${format}`,
        );
      const e = await manager.store.getExecution(req.params.id);
      if (e === null) throw notFound(`execution ${req.params.id}`);
      // A piece of one entry's text (entry-text.ts).
      if (wantsEntryText(req.query)) return sendEntryText(reply, conversations, e, req.query);
      // The whole run as a file, streamed (download.ts).
      if (req.query.download === '1') return sendDownload(reply, manager, e, format);
      if (format === 'conversation') {
        // Whole (as before) without paging parameters; with `tail`/`before`, a window of top-level entries and the total.
        const t = performance.now();
        const paged = page.tail !== undefined || page.before !== undefined;
        const q = { tail: page.tail, before: page.before, full: req.query.full === '1' };
        // `stored=1`: a page's early request (web/public/boot.js), made before it knows what the run is.
        if (req.query.stored === '1') {
          const stored = paged ? await conversations.storedPage(e, q) : null;
          if (stored === null) return reply.code(204).send();
          return reply.type(JSON_TYPE).send(JSON.stringify(stored));
        }
        let body: object | Readable;
        if (paged) body = await conversations.page(e, q);
        else {
          const { pieces, lastSeq } = await conversations.whole(e);
          // A plain run's entries come in windows: sent as they are read (the same JSON as one object).
          body = Array.isArray(pieces)
            ? { items: pieces.flat(), lastSeq }
            : Readable.from(jsonInPieces(pieces, `],"lastSeq":${lastSeq}}`));
        }
        reply
          .type(JSON_TYPE)
          .header(
            'server-timing',
            `conversation;dur=${(performance.now() - t).toFixed(1)}, total;dur=${(performance.now() - (arrived.get(req) ?? t)).toFixed(1)}`,
          );
        return body instanceof Readable ? body : JSON.stringify(body);
      }
      const log = manager.live(e.id);
      // Server-Timing: where a slow first read goes (the e2e test prints it).
      let readMs = 0;
      const timedRead = async <T>(read: () => Promise<T>): Promise<T> => {
        const t = performance.now();
        const recs = await read();
        readMs = performance.now() - t;
        return recs;
      };
      const render = async (recs: LogRecord[]): Promise<Rendered> => {
        const p = pageRecords(recs, formatFor(e.executor), { format, ...page });
        if (as === 'lines')
          return {
            body: linesBody(p.items as LogItem[]),
            type: LINES_CONTENT_TYPE,
            headers: cursorHeaders(p),
          };
        return { body: JSON.stringify(p), type: JSON_TYPE, headers: {} };
      };
      const t0 = performance.now();
      let out: Rendered;
      let cached = true;
      // Line views, and the other views of a run of plain output (no content blocks: one item per line),
      // are paged from the line history window by window; an agent run's folded views from its records.
      const lineView = async (): Promise<Rendered | null> => {
        const view = format === 'deltas' || format === 'raw' ? format : null;
        if (view === null && hasConversationPages(e.executor)) return null;
        const history = await timedRead(() => conversations.lines.get(e));
        if (view !== null) return renderLinePage(history, { format: view, ...page }, as);
        if (!history.lineOnly) return null;
        // `folded` of lines alone is `deltas`; `messages` is every line (repeats too) as a line message.
        if (format === 'folded') return renderLinePage(history, { format: 'deltas', ...page }, as);
        return renderLinePage(history, { format: 'raw', ...page }, as, toLineMessage);
      };
      if (log !== undefined || !e.compacted) {
        out =
          (await lineView()) ??
          (await render(await timedRead(() => readRecords(manager.store, e, log?.unpersisted() ?? []))));
        cached = false;
      } else {
        const load = () =>
          records.get(
            e.id,
            () => e.bytesIn,
            () => timedRead(() => readRecords(manager.store, e)),
          );
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        out = await pages.get(
          e.id + query,
          (r) => (r.body instanceof Readable ? Infinity : r.body.length),
          async () => {
            cached = false;
            return (await lineView()) ?? render(await load());
          },
        );
      }
      const work = performance.now() - t0;
      // From the request's arrival (queueing, lookup and reads included) to the body being ready.
      const total = `total;dur=${(performance.now() - (arrived.get(req) ?? t0)).toFixed(1)}`;
      reply
        .type(out.type)
        .headers(out.headers)
        .header(
          'server-timing',
          cached
            ? `cache;desc=hit, ${total}`
            : `read;dur=${readMs.toFixed(1)}, render;dur=${(work - readMs).toFixed(1)}, ${total}`,
        );
      return out.body;
    },
  );
}

/**
 * A page of a line view, regenerated and serialised slice by slice (the event loop turns between them):
 * a 100,000-line page is ~100 ms of work that must not hold up live streams. The JSON is the same text
 * as `JSON.stringify` of the page. A page of up to 8 MB is one buffer (and cached); a larger one is sent
 * as it is made, at the client's pace: a 70 MB page joined into one string, then encoded for the socket,
 * held the loop ~0.3 s, and a page held whole weighed as much again in memory.
 */
async function renderLinePage(
  history: LineHistory,
  q: LogPageQuery & { format: 'deltas' | 'raw' },
  as: LogBodyForm,
  item?: (e: ReplayEntry) => object,
): Promise<Rendered> {
  const page = await pageLinesSliced(history, q, item);
  const { nextCursor, prevCursor, lastSeq } = page;
  async function* parts(): AsyncGenerator<Buffer> {
    if (as === 'lines') {
      for await (const items of page.slices()) if (items.length > 0) yield linesBody(items);
      return;
    }
    yield Buffer.from('{"items":[');
    let first = true;
    for await (const items of page.slices()) {
      if (items.length === 0) continue;
      const json = JSON.stringify(items);
      yield Buffer.from(first ? json.slice(1, -1) : ',' + json.slice(1, -1));
      first = false;
    }
    yield Buffer.from(`],"nextCursor":${nextCursor},"prevCursor":${prevCursor},"lastSeq":${lastSeq}}`);
  }
  const type = as === 'lines' ? LINES_CONTENT_TYPE : JSON_TYPE;
  const headers = as === 'lines' ? cursorHeaders(page) : {};
  const it = parts();
  const head: Buffer[] = [];
  let bytes = 0;
  // Not `for await`: leaving it early would close the generator the stream goes on with.
  for (let r = await it.next(); r.done !== true; r = await it.next()) {
    head.push(r.value);
    bytes += r.value.length;
    if (bytes > STREAM_ABOVE) return { body: Readable.from(rest(head, it)), type, headers };
  }
  return { body: Buffer.concat(head, bytes), type, headers };
}

/**
 * Bytes of a page above which it is streamed rather than built (and not cached). Pages of 100,000 short
 * lines (2-4 MB) stay built and cached: a poller rereading them got them in 8 ms instead of 80.
 */
export const STREAM_ABOVE = 8 * 1024 * 1024;

/** `{"items":[…` with the items of every piece, then `end`: what JSON.stringify of the whole would give. */
async function* jsonInPieces(
  pieces: AsyncIterable<readonly object[]> | Iterable<readonly object[]>,
  end: string,
): AsyncGenerator<Buffer> {
  yield Buffer.from('{"items":[');
  let first = true;
  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    const json = JSON.stringify(piece);
    yield Buffer.from(first ? json.slice(1, -1) : ',' + json.slice(1, -1));
    first = false;
  }
  yield Buffer.from(end);
}

async function* rest(head: Buffer[], it: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* it;
}
