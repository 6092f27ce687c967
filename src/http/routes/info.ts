// GET /api/info: version, database, uptime, executions by status.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { ExecutionManager } from '../../live/execution-manager.js';
import { VERSION } from '../../version.js';

export function infoRoutes(app: FastifyInstance, manager: ExecutionManager): void {
  const started = Date.now();
  // Event-loop delay, for load benchmarks: a write or read that blocks the loop shows up here. Each sample is
  // the time between two timer turns, so an idle loop reads about the resolution: sampled every 1 ms, a
  // sample is close to the real delay; the 10 ms histogram (what earlier figures used) reads ~10 ms idle.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const coarse = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  coarse.enable();
  app.addHook('onClose', async () => (loop.disable(), coarse.disable()));
  app.get(
    '/api/info',
    { schema: { summary: 'Version, database, storage health, executions by status', tags: ['server'] } },
    async () => ({
      version: VERSION,
      database: { path: manager.store.location, bytes: await manager.store.sizeBytes() },
      // ok, or degraded with a reason: disk full, database file deleted or read-only, write errors.
      storage: manager.store.health(),
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      executions: await manager.store.countByStatus(),
      folding: await manager.store.foldFigures(),
      writer: manager.writer.stats,
      // The histogram samples every `eventLoopResolutionMs`: an idle loop reports about that much.
      eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
      eventLoopResolutionMs: 1,
      eventLoopDelayMaxMs: loop.max / 1e6,
      eventLoopDelayCoarse: {
        resolutionMs: 10,
        p99Ms: coarse.percentile(99) / 1e6,
        maxMs: coarse.max / 1e6,
      },
      rssBytes: process.memoryUsage.rss(),
    }),
  );
}
