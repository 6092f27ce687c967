// Find in a run: the top-level conversation entries whose texts contain a string (the page's list is virtual, the browser's find sees only what is drawn).
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import type { ConversationCache } from '../conversation-cache.js';
import { intParam } from '../query.js';
import { ExecutionParams, SearchQuery } from '../../protocol/schemas.js';
import type { SearchBody } from '../../protocol/responses.js';

export function searchRoutes(
  app: FastifyInstance,
  manager: ExecutionManager,
  conversations: ConversationCache,
): void {
  app.get<{ Params: ExecutionParams; Querystring: SearchQuery }>(
    '/api/executions/:id/search',
    {
      schema: {
        summary: 'Find text in a run: the conversation entries that contain it',
        tags: ['logs'],
        params: ExecutionParams,
        querystring: SearchQuery,
      },
    },
    async (req) => {
      const e = await manager.store.getExecution(req.params.id);
      if (e === null) throw notFound(`execution ${req.params.id}`);
      const limit = intParam(req.query.limit, 'limit', 1, 100_000) ?? 10_000;
      return (await conversations.search(e, req.query.q, limit)) satisfies SearchBody;
    },
  );
}
