// The OpenAPI 3 document of the API, generated from the route schemas (src/protocol/schemas.ts) by
// @fastify/swagger and served at /api/openapi.json. Registered before the routes: it collects them as they
// are added (the static UI routes hide themselves).
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';

export const OPENAPI_PATH = '/api/openapi.json';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tokenfold',
        version: VERSION,
        description:
          'Run coding agents and dev servers, stream their output live, read their folded history. See docs/API.md.',
      },
      components: {
        securitySchemes: {
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'Required when the server listens beyond loopback (or `?token=`)',
          },
        },
      },
    },
  });
}

/** The document's route; call after every other route is registered. */
export function openApiRoute(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, { schema: { summary: 'This document', tags: ['server'] } }, async () =>
    app.swagger(),
  );
}
