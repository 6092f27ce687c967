// Live streams (SSE): history then live lines, resumable with Last-Event-ID, ending with `finished`.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { historyThenLive } from '../../live/history.js';
import type { Execution } from '../../store/types.js';
import { intParam } from '../query.js';
import { ExecutionParams, StreamQuery } from '../../protocol/schemas.js';
import { DELETED_EVENT, FINISHED_EVENT } from '../../protocol/sse-events.js';
import type { FinishedEventData } from '../../protocol/responses.js';
import { SseWriter } from '../sse.js';
import { ConversationStream } from './stream-conversation.js';

export function streamRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  app.get<{ Params: ExecutionParams; Querystring: StreamQuery }>(
    '/api/executions/:id/stream',
    {
      schema: {
        summary: 'History then live lines (SSE), resumable with Last-Event-ID',
        tags: ['logs'],
        params: ExecutionParams,
        querystring: StreamQuery,
      },
    },
    async (req, reply) => {
      const header = req.headers['last-event-id'];
      const headerSeq = intParam(
        typeof header === 'string' && header !== '' ? header : undefined,
        'Last-Event-ID',
        -1,
      );
      const querySeq = intParam(req.query.lastEventId, 'lastEventId', -1);
      const e = await manager.store.getExecution(req.params.id);
      if (e === null) throw notFound(`execution ${req.params.id}`);

      reply.hijack();
      const sse = new SseWriter(reply.raw);
      sse.open();
      const conversation =
        req.query.format === 'conversation' ? new ConversationStream(sse, e.executor) : null;
      // A conversation stream always starts from a full snapshot; line streams resume after the last id.
      const afterSeq = conversation ? -1 : (headerSeq ?? querySeq ?? -1);
      let finished = false;
      let historySent = false;
      let pendingFinal: Execution | null = null;
      let unsubscribe = () => {};
      let keepAlive: NodeJS.Timeout | undefined;
      const cleanup = () => {
        clearInterval(keepAlive);
        conversation?.close();
        unsubscribe();
        manager.bus.off('status', onStatus);
        manager.bus.off('deleted', onDeleted);
      };
      const finish = (final: Execution) => {
        if (!historySent) {
          pendingFinal = final;
          return;
        }
        if (finished || sse.closed) return;
        finished = true;
        conversation?.flush();
        sse.event(FINISHED_EVENT, {
          status: final.status,
          exitCode: final.exitCode,
          signal: final.signal,
        } satisfies FinishedEventData);
        sse.end();
        cleanup();
      };
      // Listen for the final status before reading, so a finish in between is not missed.
      const onStatus = (x: Execution) => {
        if (x.id === e.id && x.status !== 'running') finish(x);
      };
      manager.bus.on('status', onStatus);
      // Deleted while connected (a running one was stopped first and got `finished`): a clear end, not a hang.
      const onDeleted = (d: { id: string }) => {
        if (d.id !== e.id || finished || sse.closed) return;
        finished = true;
        sse.event(DELETED_EVENT, { id: e.id });
        sse.end();
        cleanup();
      };
      manager.bus.on('deleted', onDeleted);
      // Registered before the (long) history write: a client leaving during it releases everything.
      reply.raw.on('close', cleanup);
      const streamHistoryThenLive = async (): Promise<void> => {
        const log = manager.live(e.id);
        const live = await historyThenLive(
          manager.store,
          e,
          log,
          afterSeq,
          (entry) => (conversation ? conversation.live(entry) : sse.line(entry)),
          { repeats: req.query.format === 'raw' },
        );
        unsubscribe = live.unsubscribe;
        if (sse.closed) return cleanup();
        // Written with backpressure; live entries arriving meanwhile are held by `live` until start().
        let sent = true;
        if (conversation) sent = await conversation.history(live.entries());
        else for await (const page of live.pages()) if (!(sent = await sse.history(page))) break;
        if (!sent) return cleanup();
        live.start();
        historySent = true;
        if (pendingFinal !== null) finish(pendingFinal);
        if (finished) return;
        keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
        if (log === undefined || manager.live(e.id) === undefined) {
          const final = await manager.store.getExecution(e.id);
          if (final === null) onDeleted({ id: e.id });
          else if (final.status !== 'running') finish(final);
        }
      };
      try {
        await streamHistoryThenLive();
      } catch (err) {
        // The response is already open: end it (the client resumes with Last-Event-ID) rather than leave it hanging.
        req.log.error({ err }, 'stream failed');
        sse.end();
        cleanup();
      }
    },
  );
}
