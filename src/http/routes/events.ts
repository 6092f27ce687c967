// The execution event feed (SSE): created, status changes, throttled progress and deletions, straight from the bus.
import type { FastifyInstance } from 'fastify';
import type { ExecutionManager } from '../../live/execution-manager.js';
import type { Progress } from '../../live/event-bus.js';
import type { Execution } from '../../store/types.js';
import { FEED_EVENTS } from '../../protocol/sse-events.js';
import { SseWriter } from '../sse.js';

export function eventRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  app.get(
    '/api/events',
    { schema: { summary: 'Execution events (SSE): created, status, progress', tags: ['events'] } },
    async (_req, reply) => {
      reply.hijack();
      const sse = new SseWriter(reply.raw);
      sse.open();
      const created = (e: Execution) => sse.event(FEED_EVENTS.created, e);
      const status = (e: Execution) => sse.event(FEED_EVENTS.status, e);
      const progress = (p: Progress) => sse.event(FEED_EVENTS.progress, p);
      const deleted = (d: { id: string }) => sse.event(FEED_EVENTS.deleted, d);
      manager.bus.on('created', created);
      manager.bus.on('status', status);
      manager.bus.on('progress', progress);
      manager.bus.on('deleted', deleted);
      const keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
      reply.raw.on('close', () => {
        clearInterval(keepAlive);
        manager.bus.off('created', created);
        manager.bus.off('status', status);
        manager.bus.off('progress', progress);
        manager.bus.off('deleted', deleted);
      });
    },
  );
}
