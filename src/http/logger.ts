// Fastify logger options: request logs with the access token redacted, in the request serializer (the URL's
// `token` parameter) and in every output line (messages such as "Route GET:/x?token=… not found", stacks).
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl, type Redact } from './redact.js';

/** Where log lines go (pino writes one JSON line per call); process.stdout by default. */
export interface LogDestination {
  write(line: string): unknown;
}

/** Pino options as the server takes them: a level, a destination, anything else pino accepts. */
export type LoggerOptions = { level?: string; stream?: LogDestination; serializers?: object } & Record<string, unknown>;

export function loggerOptions(logger: boolean | LoggerOptions | undefined, redact: Redact): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const base: LoggerOptions = logger === true ? {} : logger;
  const dest = base.stream ?? process.stdout;
  return {
    level: 'info',
    ...base,
    serializers: {
      ...base.serializers,
      req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
    stream: { write: (line: string) => dest.write(redact(line)) },
  } as FastifyServerOptions['logger'];
}
