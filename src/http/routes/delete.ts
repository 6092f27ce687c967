// DELETE /api/executions/:id: removes an execution and its rows, then gives the space back to the file.
import type { FastifyInstance } from 'fastify';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { DeleteExecutionQuery, ExecutionParams } from '../../protocol/schemas.js';
import type { DeleteExecutionBody } from '../../protocol/responses.js';

export function deleteRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  // A running execution is a 409 unless force=1, which stops it and waits for its final status first.
  app.delete<{ Params: ExecutionParams; Querystring: DeleteExecutionQuery }>(
    '/api/executions/:id',
    {
      schema: {
        summary: 'Delete an execution and its rows, then give the space back',
        tags: ['executions'],
        params: ExecutionParams,
        querystring: DeleteExecutionQuery,
      },
    },
    async (req) => {
      const sizeBefore = await manager.store.sizeBytes();
      const e = await manager.delete(req.params.id, { force: req.query.force === '1' });
      await manager.reclaimSpace();
      return {
        deleted: e.id,
        status: e.status,
        databaseBytes: { before: sizeBefore, after: await manager.store.sizeBytes() },
      } satisfies DeleteExecutionBody;
    },
  );
}
