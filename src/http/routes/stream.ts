// Live streams (SSE): history then live lines, resumable with Last-Event-ID, ending with `finished`.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { historyThenLive } from '../../live/history.js';
import type { Execution } from '../../store/types.js';
import { SseWriter } from '../sse.js';

const streamSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      format: { type: 'string', enum: ['deltas', 'raw'] },
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
    const afterSeq = headerSeq ?? req.query.lastEventId ?? -1;

    reply.hijack();
    const sse = new SseWriter(reply.raw);
    sse.open();
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
      sse.event('finished', { status: final.status, exitCode: final.exitCode, signal: final.signal });
      sse.end();
    };
    // Listen for the final status before reading, so a finish in between is not missed.
    const onStatus = (x: Execution) => {
      if (x.id === e.id && x.status !== 'running') finish(x);
    };
    manager.bus.on('status', onStatus);
    const log = manager.live(e.id);
    const live = await historyThenLive(manager.store, e, log, afterSeq, (entry) => sse.line(entry));
    for (const entry of live.history) sse.line(entry);
    live.start();
    historySent = true;
    if (pendingFinal !== null) finish(pendingFinal);
    const keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
    const cleanup = () => {
      clearInterval(keepAlive);
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
