// Execution routes: create (start a process), list, get, stop.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalid, notFound } from '../../errors.js';
import type { Forwarder } from '../../cluster/forwarder.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import type { Execution } from '../../store/types.js';
import { CreateExecutionBody, ExecutionParams, ListExecutionsQuery } from '../../protocol/schemas.js';
import type { ExecutionBody, ExecutionListBody } from '../../protocol/responses.js';
import {
  AGENT_SPECS,
  claudeCodeSpec,
  commandSpec,
  demoAgentSpec,
  type AgentExecutor,
} from '../../runner/index.js';
import { intParam } from '../query.js';
import { resumeTarget } from './resume.js';

export interface ExecutorConfig {
  claudeBin?: string;
  claudeArgs?: string[];
  /** Executables of the other agents (`serve --agent-bin codex=PATH`). */
  agentBins?: Partial<Record<AgentExecutor, string>>;
  demoSpeed?: number;
}

/** `onViewed`: an execution was looked up by id (a page is about to open it). */
export function executionRoutes(
  app: FastifyInstance,
  manager: ExecutionManager,
  cfg: ExecutorConfig,
  onViewed: (e: Execution) => void = () => undefined,
  forwarder: Forwarder | null = null,
): void {
  /** Running executions report their in-memory figures (the row is updated when they finish). */
  const withLive = (e: Execution): Execution => {
    const log = manager.live(e.id);
    return log ? { ...e, ...log.statsPatch() } : e;
  };

  app.post<{ Body: CreateExecutionBody }>(
    '/api/executions',
    {
      schema: {
        summary: 'Start an execution (a child process)',
        tags: ['executions'],
        body: CreateExecutionBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.resume !== undefined && b.executor === 'command')
        throw invalid('resume', 'only an agent run can be continued');
      // A follow-up continues the earlier run's session, in its directory (where the agent keeps its sessions).
      // The demo agent continues claude-code runs (it stands in for Claude Code); each agent its own runs.
      const resumed =
        b.resume === undefined
          ? null
          : await resumeTarget(
              manager,
              b.resume,
              b.executor === 'demo'
                ? 'claude-code'
                : (b.executor as Exclude<typeof b.executor, 'demo' | 'command'>),
            );
      const resume = resumed === null ? {} : { resume: resumed.sessionId };
      const cwd = b.cwd ?? resumed?.execution.cwd ?? process.cwd();
      let spec;
      let meta;
      if (b.executor === 'command') {
        spec = commandSpec({ command: b.command ?? '', cwd });
        meta = {
          executor: 'command' as const,
          kind: b.kind ?? ('dev-server' as const),
          command: b.command ?? null,
          cwd,
        };
      } else if (b.executor === 'demo') {
        const prompt = b.prompt ?? 'Show me what you can do';
        spec = demoAgentSpec({
          prompt,
          cwd,
          ...resume,
          ...(b.format ? { format: b.format } : {}),
          ...(cfg.demoSpeed !== undefined ? { speed: cfg.demoSpeed } : {}),
        });
        meta = {
          executor: b.format ?? ('claude-code' as const),
          kind: b.kind ?? ('coding-agent' as const),
          prompt,
          cwd,
          label: b.label ?? 'demo agent',
        };
      } else if (b.executor !== 'claude-code') {
        const binary = cfg.agentBins?.[b.executor];
        spec = AGENT_SPECS[b.executor]({
          prompt: b.prompt ?? '',
          cwd,
          ...resume,
          ...(binary ? { binary } : {}),
        });
        meta = {
          executor: b.executor,
          kind: b.kind ?? ('coding-agent' as const),
          prompt: b.prompt ?? null,
          cwd,
        };
      } else {
        spec = claudeCodeSpec({
          prompt: b.prompt ?? '',
          cwd,
          ...resume,
          ...(cfg.claudeBin ? { binary: cfg.claudeBin } : {}),
          extraArgs: cfg.claudeArgs ?? [],
        });
        meta = {
          executor: 'claude-code' as const,
          kind: b.kind ?? ('coding-agent' as const),
          prompt: b.prompt ?? null,
          cwd,
        };
      }
      const execution = await manager.start(
        { ...meta, label: b.label ?? meta.label ?? null, resumedFrom: resumed?.execution.id ?? null },
        spec,
      );
      return reply.code(201).send(execution);
    },
  );

  app.get<{ Querystring: ListExecutionsQuery }>(
    '/api/executions',
    {
      schema: {
        summary: 'List executions, newest first',
        tags: ['executions'],
        querystring: ListExecutionsQuery,
      },
    },
    async (req) => {
      const { status, kind } = req.query;
      const limit = intParam(req.query.limit, 'limit', 1, 500) ?? 50;
      const before = intParam(req.query.before, 'before', 0);
      const filter = {
        limit,
        ...(status !== undefined ? { status } : {}),
        ...(kind !== undefined ? { kind } : {}),
        ...(before !== undefined ? { before } : {}),
      };
      const items = (await manager.store.listExecutions(filter)).map(withLive);
      // Stored rows and bytes per execution: one rowid range count each.
      const withStorage = await Promise.all(
        items.map(async (e) => ({ ...e, storage: await manager.store.storageFigures(e.num) })),
      );
      return {
        items: withStorage,
        nextCursor: items.length === limit ? items[items.length - 1]!.num : null,
      } satisfies ExecutionListBody;
    },
  );

  app.get<{ Params: ExecutionParams }>(
    '/api/executions/:id',
    {
      schema: {
        summary: 'One execution, with its storage figures',
        tags: ['executions'],
        params: ExecutionParams,
      },
    },
    async (req) => {
      const e = await manager.store.getExecution(req.params.id);
      if (e === null) throw notFound(`execution ${req.params.id}`);
      onViewed(e);
      // previous / next: the run this one continues, and the follow-ups that continue it (oldest first).
      const next = (await manager.store.listExecutions({ resumedFrom: e.id, limit: 100 }))
        .map((x) => x.id)
        .reverse();
      return {
        ...withLive(e),
        storage: await manager.store.storageFigures(e.num),
        previous: e.resumedFrom,
        next,
      } satisfies ExecutionBody;
    },
  );

  // A run of another live instance is stopped by that instance (the one with its process), asked over internal HTTP.
  const stop =
    (forward: Forwarder | null) =>
    async (req: FastifyRequest<{ Params: ExecutionParams }>, reply: FastifyReply) => {
      const id = req.params.id;
      const address =
        forward !== null && manager.live(id) === undefined ? await forward.ownerAddress(id) : null;
      if (address !== null) {
        const r = await forward!.send('POST', address, `/internal/executions/${encodeURIComponent(id)}/stop`);
        return reply.code(r.status).send(r.body);
      }
      return reply.code(202).send(await manager.stop(id));
    };
  app.post<{ Params: ExecutionParams }>(
    '/api/executions/:id/stop',
    {
      schema: {
        summary: 'Stop a running execution (SIGTERM, then SIGKILL)',
        tags: ['executions'],
        params: ExecutionParams,
      },
    },
    stop(forwarder),
  );
  if (forwarder !== null)
    app.post<{ Params: ExecutionParams }>(
      '/internal/executions/:id/stop',
      { schema: { hide: true, params: ExecutionParams } },
      stop(null),
    );
}
