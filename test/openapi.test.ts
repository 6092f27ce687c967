// /api/openapi.json is generated from the route schemas: every route the server registers is in it, with its
// query parameters, and the strict query rules still hold with the schemas describing the parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_EXECUTORS, DEMO_AGENT_FORMATS, LOG_VIEWS } from '../src/protocol/index.js';
import { DEMO_FORMATS } from '../src/demo/formats/index.js';
import { LOG_FORMATS } from '../src/replay/read-log.js';
import { startHarness, type Harness } from './support/server-harness.js';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(async () => h?.close());

/** Routes from Fastify's printRoutes tree (`commonPrefix: false`: one node per path segment run). */
function registeredRoutes(tree: string): { method: string; url: string }[] {
  const stack: string[] = [];
  const out: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[└├]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (m === null) continue;
    stack.length = m[1]!.length / 4;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) out.push({ method, url: stack.join('') });
  }
  return out;
}

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { in: string; name: string; schema: { enum?: string[] } }[]; requestBody?: unknown }
    >
  >;
}

describe('GET /api/openapi.json', () => {
  it('lists every registered route (HEAD aside, which Fastify adds to each GET)', async () => {
    const r = await h.json('/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\./);
    const routes = registeredRoutes(h.app.printRoutes({ commonPrefix: false })).filter(
      (x) => x.method !== 'HEAD',
    );
    expect(routes.filter((x) => x.url.startsWith('/api/')).length).toBeGreaterThanOrEqual(9);
    for (const { method, url } of routes) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${url}`).toBeDefined();
    }
  });

  it('describes the request schemas: query parameters with their allowed values, the create body', async () => {
    const doc = (await h.json('/api/openapi.json')).body as OpenApiDoc;
    const logs = doc.paths['/api/executions/{id}/logs']!.get!.parameters!;
    expect(
      logs
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual([
      'as',
      'before',
      'chars',
      'cursor',
      'download',
      'entry',
      'format',
      'from',
      'full',
      'limit',
      'part',
      'stored',
      'tail',
      'token',
    ]);
    expect(logs.find((p) => p.name === 'part')!.schema.enum).toEqual(['text', 'input', 'result']);
    const search = doc.paths['/api/executions/{id}/search']!.get!.parameters!;
    expect(
      search
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['limit', 'q', 'token']);
    expect(logs.find((p) => p.name === 'format')!.schema.enum).toEqual([...LOG_VIEWS]);
    expect(logs.find((p) => p.in === 'path')?.name).toBe('id');
    expect(JSON.stringify(doc.paths['/api/executions']!.post!.requestBody)).toContain(
      JSON.stringify([...CREATE_EXECUTORS]),
    );
  });
});

describe('protocol names', () => {
  it('the log views are the replay formats plus conversation; the demo formats are those of the demo agent', () => {
    expect([...LOG_VIEWS]).toEqual([...LOG_FORMATS, 'conversation']);
    expect([...DEMO_AGENT_FORMATS]).toEqual([...DEMO_FORMATS]);
  });
});
