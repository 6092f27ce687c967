// `GET /api/executions/:id/session`: the runs of one agent session (a run, the runs it continues, and its
// follow-ups) read as one conversation, oldest first.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { ExecutionParams, TokenQuery } from '../../protocol/schemas.js';
import type { LogStore } from '../../store/contract.js';
import type { Execution } from '../../store/types.js';
import { readRecords } from '../../replay/read-history.js';
import { toConversation } from '../../replay/conversation.js';
import { foldedEntries } from '../../replay/folded.js';

/** A session longer than this many runs is cut (from the far end): one request must stay bounded. */
const MAX_RUNS = 200;

/**
 * The chain through `id`: every run it continues, back to the first; then forward, the newest follow-up of
 * each run (a run answered twice branches; the other branch is reachable from its own runs).
 */
export async function sessionChain(store: LogStore, e: Execution): Promise<Execution[]> {
  const back: Execution[] = [];
  for (
    let x: Execution | null = e;
    x !== null && back.length < MAX_RUNS;
    x = x.resumedFrom === null ? null : await store.getExecution(x.resumedFrom)
  )
    back.unshift(x);
  const chain = back;
  for (let x = e; chain.length < MAX_RUNS;) {
    const [newest] = await store.listExecutions({ resumedFrom: x.id, limit: 1 });
    if (newest === undefined) break;
    chain.push(newest);
    x = newest;
  }
  return chain;
}

export function sessionRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  app.get<{ Params: ExecutionParams }>(
    '/api/executions/:id/session',
    {
      schema: {
        summary: 'The runs of one agent session as one conversation, oldest first',
        tags: ['logs'],
        params: ExecutionParams,
        querystring: TokenQuery,
      },
    },
    async (req) => {
      const e = await manager.store.getExecution(req.params.id);
      if (e === null) throw notFound(`execution ${req.params.id}`);
      const runs = [];
      for (const x of await sessionChain(manager.store, e)) {
        const records = await readRecords(manager.store, x, manager.live(x.id)?.unpersisted() ?? []);
        runs.push({ execution: x, items: toConversation(foldedEntries(records), x.executor).items });
      }
      return { runs };
    },
  );
}
