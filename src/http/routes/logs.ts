// History reads: one execution's log in a format, paginated forwards or from the end.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { formatFor } from '../../formats/registry.js';
import { LOG_FORMATS, pageRecords, type LogFormat } from '../../replay/read-log.js';
import { readRecords } from '../../replay/read-history.js';
import { toConversation } from '../../replay/conversation.js';
import { expandRecords } from '../../replay/expand.js';
import { WeightedLru } from '../weighted-lru.js';
import type { LogRecord } from '../../records/types.js';

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

export function logRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  // Finished (compacted) executions never change: their decoded records and rendered pages are cached.
  const records = new WeightedLru<LogRecord[]>(24 * 1024 * 1024);
  const pages = new WeightedLru<string>(24 * 1024 * 1024);
  app.get<{ Params: { id: string }; Querystring: LogsQuery }>('/api/executions/:id/logs', { schema: logsSchema }, async (req, reply) => {
    const e = await manager.store.getExecution(req.params.id);
    if (e === null) throw notFound(`execution ${req.params.id}`);
    const log = manager.live(e.id);
    const render = (recs: LogRecord[]) => {
      const { format = 'messages', ...page } = req.query;
      if (format === 'conversation') return JSON.stringify(toConversation(expandRecords(recs, formatFor(e.executor))));
      return JSON.stringify(pageRecords(recs, formatFor(e.executor), { format, ...page }));
    };
    reply.type('application/json; charset=utf-8');
    if (log !== undefined || !e.compacted) return render(await readRecords(manager.store, e, log?.unpersisted() ?? []));
    const load = () => records.get(e.id, () => e.bytesIn, () => readRecords(manager.store, e));
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return pages.get(e.id + query, (s) => s.length, async () => render(await load()));
  });
}
