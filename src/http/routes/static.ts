// Serves the built web UI; unknown non-API paths get index.html (client-side routes).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export async function staticRoutes(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.get('/', async (_req, reply) => reply.type('text/plain').send('The web UI is not built: run `npm run build`.\n'));
    return;
  }
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') return reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
    return reply.sendFile('index.html');
  });
}
