// Builds the HTTP server: security guards, API routes, SSE streams and the web UI.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Forwarder } from '../cluster/forwarder.js';
import type { ExecutionManager } from '../live/execution-manager.js';
import type { Execution } from '../store/types.js';
import { TokenfoldError } from '../errors.js';
import { errorHandler } from './error-handler.js';
import { securityHeaders } from './headers.js';
import { loggerOptions, type LoggerOptions } from './logger.js';
import { DebugRequestLog } from './request-log.js';
import { openApiRoute, registerOpenApi } from './openapi.js';
import { redactor } from './redact.js';
import { deleteRoutes } from './routes/delete.js';
import { eventRoutes } from './routes/events.js';
import { executionRoutes, type ExecutorConfig } from './routes/executions.js';
import { infoRoutes } from './routes/info.js';
import { logRoutes } from './routes/logs.js';
import { searchRoutes } from './routes/search.js';
import { ConversationCache } from './conversation-cache.js';
import { AGENT_EXECUTORS } from '../runner/index.js';
import { sessionRoutes } from './routes/session.js';
import { staticRoutes } from './routes/static.js';
import { streamRoutes } from './routes/stream.js';
import { checkToken, securityHook } from './security.js';

export interface ServerOptions {
  manager: ExecutionManager;
  host: string;
  token: string | null;
  webRoot: string;
  executors?: ExecutorConfig;
  /** Logs (pino options, `format` text or json; the access token is always redacted); a line per request at `debug` only. */
  logger?: boolean | LoggerOptions;
  bodyLimit?: number;
  /**
   * One of several instances on a shared store: runs of the others are forwarded from their owner, and
   * internal endpoints answer requests carrying `secret`.
   */
  cluster?: { forwarder: Forwarder; secret: string } | null;
}

/**
 * The HTTP server: security guards (loopback Host, same-origin writes, token off-loopback), the JSON API,
 * SSE streams, the OpenAPI document at /api/openapi.json and the built web UI. Not listening yet.
 * @example
 * ```ts
 * const app = await buildServer({ manager, host: '127.0.0.1', token: null, webRoot: 'web/dist' });
 * await app.listen({ host: '127.0.0.1', port: 3013 });
 * ```
 */
export async function buildServer(o: ServerOptions): Promise<FastifyInstance> {
  checkToken(o.token);
  const cluster = o.cluster ?? null;
  const redact = cluster === null ? redactor(o.token) : redactor(o.token, cluster.secret);
  const app = Fastify({
    logger: loggerOptions(o.logger, redact),
    logController: new DebugRequestLog(),
    bodyLimit: o.bodyLimit ?? 256 * 1024,
    forceCloseConnections: true,
    // Strict schemas: a value of the wrong type is a 400, never coerced (`prompt: 123` is not "123"), and an
    // unknown property or query parameter is a 400, never silently dropped. Integer query parameters are
    // declared as strings and parsed by `intParam` (query.ts).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  const port = () => {
    const addr = app.server.address();
    return typeof addr === 'object' && addr !== null ? addr.port : 0;
  };
  app.addHook('onRequest', securityHeaders);
  app.addHook(
    'onRequest',
    securityHook({ host: o.host, port, token: o.token, clusterSecret: cluster?.secret ?? null }),
  );
  app.setErrorHandler(errorHandler(redact));
  // JSON bodies; an empty one (e.g. POST …/stop sent with a JSON content type) is no body at all.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new TokenfoldError('body: not valid JSON', { code: 'invalid', field: 'body' }), undefined);
    }
  });
  await registerOpenApi(app);
  // A finished agent run's conversation is built when it is compacted or looked up, before its page asks for entries.
  const conversations = new ConversationCache(o.manager);
  const agents = new Set<string>(['claude-code', 'demo', ...AGENT_EXECUTORS]);
  const warm = (e: Execution) => {
    if (agents.has(e.executor)) conversations.warm(e);
  };
  o.manager.bus.on('status', warm);
  app.addHook('onClose', async () => void o.manager.bus.off('status', warm));
  infoRoutes(app, o.manager);
  const forwarder = cluster?.forwarder ?? null;
  executionRoutes(app, o.manager, o.executors ?? {}, warm, forwarder);
  deleteRoutes(app, o.manager, forwarder);
  logRoutes(app, o.manager, conversations);
  searchRoutes(app, o.manager, conversations);
  sessionRoutes(app, o.manager);
  streamRoutes(app, o.manager, forwarder);
  eventRoutes(app, o.manager);
  openApiRoute(app);
  await staticRoutes(app, o.webRoot);
  return app;
}
