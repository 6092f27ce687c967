// Serves the built web UI; unknown non-API paths get index.html (client-side routes). A 404 never quotes the
// query string (it may hold the access token).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const NOT_BUILT = 'The web UI is not built: run `npm run build`.\n';

export async function staticRoutes(app: FastifyInstance, webRoot: string): Promise<void> {
  const built = existsSync(join(webRoot, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  else app.get('/', async (_req, reply) => reply.type('text/plain').send(NOT_BUILT));
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !built)
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
    return reply.sendFile('index.html');
  });
}
