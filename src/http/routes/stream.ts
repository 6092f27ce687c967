// Live streams (SSE): history then live lines, resumable with Last-Event-ID, ending with `finished`. A run
// of another live instance is forwarded from its owner (event ids are seqs, the same everywhere, so a
// viewer resumes exactly on any instance); once the owner is gone, it is served from the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenfoldError, notFound } from '../../errors.js';
import type { Forwarder } from '../../cluster/forwarder.js';
import { forwardEvents } from '../../cluster/forward-stream.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import type { Execution } from '../../store/types.js';
import { intParam } from '../query.js';
import { ExecutionParams, StreamQuery } from '../../protocol/schemas.js';
import { SseWriter } from '../sse.js';
import { streamLocal } from '../stream-local.js';

type StreamRequest = FastifyRequest<{ Params: ExecutionParams; Querystring: StreamQuery }>;

/** Attempts to reach a live owner in a row that may fail before the stream is served from the store. */
const OWNER_ATTEMPTS = 3;

/**
 * Lines of a run above which `format=conversation` (one snapshot event holding every entry, rebuilt on every
 * connect) is refused: a dev server's tens of millions of lines would exhaust the heap. Its conversation is
 * read in pages (`logs?format=conversation&tail=`), its lines streamed as `deltas`.
 */
export const CONVERSATION_STREAM_MAX_LINES = 1_000_000;

export function streamRoutes(
  app: FastifyInstance,
  manager: ExecutionManager,
  forwarder: Forwarder | null = null,
): void {
  const handle = (forward: Forwarder | null) => async (req: StreamRequest, reply: FastifyReply) => {
    const header = req.headers['last-event-id'];
    const headerSeq = intParam(
      typeof header === 'string' && header !== '' ? header : undefined,
      'Last-Event-ID',
      -1,
    );
    const querySeq = intParam(req.query.lastEventId, 'lastEventId', -1);
    const e = await manager.store.getExecution(req.params.id);
    if (e === null) throw notFound(`execution ${req.params.id}`);
    const view = req.query.format;
    const lines = manager.live(e.id)?.stats.lines ?? e.lines;
    if (view === 'conversation' && lines > CONVERSATION_STREAM_MAX_LINES)
      throw new TokenfoldError(
        `format: a conversation stream sends every entry in one snapshot, and this run has ${lines} lines (at most ${CONVERSATION_STREAM_MAX_LINES}); read its conversation in pages (logs?format=conversation&tail=N) or stream format=deltas`,
        { code: 'too_large', field: 'format' },
      );
    // A conversation stream always starts from a full snapshot; line streams resume after the last id.
    const afterSeq = view === 'conversation' ? -1 : (headerSeq ?? querySeq ?? -1);
    reply.hijack();
    const sse = new SseWriter(reply.raw);
    sse.open();
    let warned = false;
    // From the owner while it answers, else from here; a line view followed from the store goes back to
    // the owner once it answers again (from the last seq sent), so a viewer never needs to reconnect.
    const serve = async (afterSeq: number): Promise<void> => {
      let x: Execution | null = e;
      if (forward !== null && e.status === 'running' && manager.live(e.id) === undefined) {
        let failures = 0;
        while (failures < OWNER_ATTEMPTS && !sse.closed) {
          const address = await forward.ownerAddress(e.id);
          if (address === null) break;
          const upstream = await forward.openStream(address, e.id, view, afterSeq);
          if (upstream instanceof Error) {
            if (!warned)
              req.log.warn(`live view of ${e.id} from its owner at ${address} failed: ${upstream.message}`);
            warned = true;
            failures++;
            continue;
          }
          const r = await forwardEvents(upstream, sse);
          if (r.outcome !== 'lost') return r.outcome === 'ended' ? sse.end() : undefined;
          // A snapshot cannot be continued: the viewer reconnects (and gets a fresh one).
          if (view === 'conversation') return sse.end();
          if (r.lastId !== null && r.lastId > afterSeq) {
            afterSeq = r.lastId;
            failures = 0;
          } else failures++;
        }
        if (sse.closed) return;
        x = await manager.store.getExecution(e.id);
        if (x === null) return sse.end();
      }
      const retry =
        forward === null || view === 'conversation'
          ? {}
          : {
              retryOwner: {
                live: async () => (await forward.ownerAddress(e.id)) !== null,
                from: (seq: number) => void serve(seq).catch(failed),
              },
            };
      await streamLocal({ manager, sse, execution: x, afterSeq, view, log: req.log, ...retry });
    };
    const failed = (err: unknown) => {
      // The response is already open: end it (the client resumes with Last-Event-ID) rather than leave it hanging.
      req.log.error({ err }, 'stream failed');
      sse.end();
    };
    try {
      await serve(afterSeq);
    } catch (err) {
      failed(err);
    }
  };
  const schema = { params: ExecutionParams, querystring: StreamQuery };
  app.get(
    '/api/executions/:id/stream',
    {
      schema: {
        summary: 'History then live lines (SSE), resumable with Last-Event-ID',
        tags: ['logs'],
        ...schema,
      },
    },
    handle(forwarder),
  );
  // What another instance forwards: always served here, never forwarded again.
  if (forwarder !== null)
    app.get('/internal/executions/:id/stream', { schema: { hide: true, ...schema } }, handle(null));
}
