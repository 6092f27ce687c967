// Fastify logger options: pino with the access token redacted from every output line (the request
// serializer's URL, messages such as "Route GET:/x?token=… not found", stacks), as JSON lines (pino's own, for
// production) or as readable text lines. No Fastify import at run time: the CLI reads LOG_LEVELS at startup.
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl, type Redact } from './redact.js';
import { textLine } from './log-text.js';

/** Where log lines go (pino writes one JSON line per call); process.stdout by default. */
export interface LogDestination {
  write(line: string): unknown;
}

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Pino options as the server takes them: a level, a destination, `format` (default json), anything else pino accepts. */
export type LoggerOptions = {
  level?: string;
  stream?: LogDestination;
  format?: LogFormat;
  serializers?: object;
} & Record<string, unknown>;

export function loggerOptions(
  logger: boolean | LoggerOptions | undefined,
  redact: Redact,
): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const { format = 'json', stream, ...base }: LoggerOptions = logger === true ? {} : logger;
  const dest = stream ?? process.stdout;
  const write =
    format === 'text' ? (line: string) => dest.write(textLine(line)) : (line: string) => dest.write(line);
  return {
    level: 'info',
    ...base,
    serializers: {
      ...base.serializers,
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    stream: { write: (line: string) => write(redact(line)) },
  } as FastifyServerOptions['logger'];
}
