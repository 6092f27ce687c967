// DELETE /api/executions/:id: removes an execution and its rows, then gives the space back to the file.
import type { FastifyInstance } from 'fastify';
import type { ExecutionManager } from '../../live/execution-manager.js';

const deleteSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      force: { type: 'string', enum: ['0', '1'] },
      token: { type: 'string' },
    },
  },
};

export function deleteRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  // A running execution is a 409 unless force=1, which stops it and waits for its final status first.
  app.delete<{ Params: { id: string }; Querystring: { force?: '0' | '1' } }>('/api/executions/:id', { schema: deleteSchema }, async (req) => {
    const sizeBefore = await manager.store.sizeBytes();
    const e = await manager.delete(req.params.id, { force: req.query.force === '1' });
    await manager.reclaimSpace();
    return { deleted: e.id, status: e.status, databaseBytes: { before: sizeBefore, after: await manager.store.sizeBytes() } };
  });
}
