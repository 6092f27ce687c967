// Live streams (SSE): history then live lines, resumable with Last-Event-ID, ending with `finished`.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { historyThenLive } from '../../live/history.js';
import type { Execution } from '../../store/types.js';
import { SseWriter } from '../sse.js';
import { ConversationStream } from './stream-conversation.js';

const streamSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      format: { type: 'string', enum: ['deltas', 'raw', 'conversation'] },
      lastEventId: { type: 'integer', minimum: -1 },
      token: { type: 'string' },
    },
  },
};

export function streamRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  app.get<{ Params: { id: string }; Querystring: { format?: string; lastEventId?: number } }>('/api/executions/:id/stream', { schema: streamSchema }, async (req, reply) => {
    const e = await manager.store.getExecution(req.params.id);
    if (e === null) throw notFound(`execution ${req.params.id}`);
    const header = req.headers['last-event-id'];
    const headerSeq = typeof header === 'string' && /^-?\d+$/.test(header) ? Number(header) : undefined;

    reply.hijack();
    const sse = new SseWriter(reply.raw);
    sse.open();
    const conversation = req.query.format === 'conversation' ? new ConversationStream(sse) : null;
    // A conversation stream always starts from a full snapshot; line streams resume after the last id.
    const afterSeq = conversation ? -1 : (headerSeq ?? req.query.lastEventId ?? -1);
    let finished = false;
    let historySent = false;
    let pendingFinal: Execution | null = null;
    const finish = (final: Execution) => {
      if (!historySent) {
        pendingFinal = final;
        return;
      }
      if (finished || sse.closed) return;
      finished = true;
      conversation?.flush();
      sse.event('finished', { status: final.status, exitCode: final.exitCode, signal: final.signal });
      sse.end();
    };
    // Listen for the final status before reading, so a finish in between is not missed.
    const onStatus = (x: Execution) => {
      if (x.id === e.id && x.status !== 'running') finish(x);
    };
    manager.bus.on('status', onStatus);
    const log = manager.live(e.id);
    const live = await historyThenLive(manager.store, e, log, afterSeq, (entry) => (conversation ? conversation.live(entry) : sse.line(entry)), { repeats: req.query.format === 'raw' });
    if (conversation) conversation.history(live.history);
    else for (const entry of live.history) sse.line(entry);
    live.start();
    historySent = true;
    if (pendingFinal !== null) finish(pendingFinal);
    const keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
    const cleanup = () => {
      clearInterval(keepAlive);
      conversation?.close();
      live.unsubscribe();
      manager.bus.off('status', onStatus);
    };
    reply.raw.on('close', cleanup);
    if (log === undefined || manager.live(e.id) === undefined) {
      const final = await manager.store.getExecution(e.id);
      if (final !== null && final.status !== 'running') finish(final);
    }
    if (finished) cleanup();
  });
}
