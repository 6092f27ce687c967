// DELETE /api/executions/:id: removes an execution and its rows, then gives the space back to the file.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Forwarder } from '../../cluster/forwarder.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { DeleteExecutionQuery, ExecutionParams } from '../../protocol/schemas.js';
import type { DeleteExecutionBody } from '../../protocol/responses.js';

type DeleteRequest = FastifyRequest<{ Params: ExecutionParams; Querystring: DeleteExecutionQuery }>;

export function deleteRoutes(
  app: FastifyInstance,
  manager: ExecutionManager,
  forwarder: Forwarder | null = null,
): void {
  // A run of another live instance is deleted by that instance, which stops its process and waits for its end.
  const remove = (forward: Forwarder | null) => async (req: DeleteRequest, reply: FastifyReply) => {
    const id = req.params.id;
    const address =
      forward !== null && manager.live(id) === undefined ? await forward.ownerAddress(id) : null;
    if (address !== null) {
      const force = req.query.force === undefined ? '' : `?force=${encodeURIComponent(req.query.force)}`;
      const r = await forward!.send(
        'DELETE',
        address,
        `/internal/executions/${encodeURIComponent(id)}${force}`,
      );
      return reply.code(r.status).send(r.body);
    }
    const sizeBefore = await manager.store.sizeBytes();
    const e = await manager.delete(id, { force: req.query.force === '1' });
    await manager.reclaimSpace();
    return {
      deleted: e.id,
      status: e.status,
      databaseBytes: { before: sizeBefore, after: await manager.store.sizeBytes() },
    } satisfies DeleteExecutionBody;
  };
  const schema = { params: ExecutionParams, querystring: DeleteExecutionQuery };
  // A running execution is a 409 unless force=1, which stops it and waits for its final status first.
  app.delete(
    '/api/executions/:id',
    {
      schema: {
        summary: 'Delete an execution and its rows, then give the space back',
        tags: ['executions'],
        ...schema,
      },
    },
    remove(forwarder),
  );
  if (forwarder !== null)
    app.delete('/internal/executions/:id', { schema: { hide: true, ...schema } }, remove(null));
}
