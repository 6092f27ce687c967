// History reads: one execution's log in a format, paginated forwards or from the end.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { formatFor } from '../../formats/registry.js';
import { LOG_FORMATS, pageRecords, type LogFormat } from '../../replay/read-log.js';
import { readRecords } from '../../replay/read-history.js';
import { toConversation } from '../../replay/conversation.js';
import { expandRecords } from '../../replay/expand.js';
import type { RecordCache } from '../record-cache.js';

const logsSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      format: { type: 'string', enum: [...LOG_FORMATS, 'conversation'] },
      cursor: { type: 'integer', minimum: -1 },
      before: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 1, maximum: 100_000 },
      tail: { type: 'integer', minimum: 1, maximum: 100_000 },
      token: { type: 'string' },
    },
  },
};

type LogsQuery = { format?: LogFormat | 'conversation'; cursor?: number; before?: number; limit?: number; tail?: number };

export function logRoutes(app: FastifyInstance, manager: ExecutionManager, cache: RecordCache): void {
  app.get<{ Params: { id: string }; Querystring: LogsQuery }>('/api/executions/:id/logs', { schema: logsSchema }, async (req) => {
    const e = await manager.store.getExecution(req.params.id);
    if (e === null) throw notFound(`execution ${req.params.id}`);
    const log = manager.live(e.id);
    // Finished (compacted) executions never change: their decoded records are cached.
    const records = log === undefined && e.compacted ? await cache.get(e, () => readRecords(manager.store, e)) : await readRecords(manager.store, e, log?.unpersisted() ?? []);
    const { format = 'messages', ...page } = req.query;
    if (format === 'conversation') return toConversation(expandRecords(records, formatFor(e.executor)));
    return pageRecords(records, formatFor(e.executor), { format, ...page });
  });
}
