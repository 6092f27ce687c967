// The access token never appears in request logs (URLs carry it as ?token= for EventSource) nor in error messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/server-harness.js';
import { readSse } from '../support/sse-client.js';

const TOKEN = 'tf-secret-7Qx9"\\Zp/+=';
const Q = encodeURIComponent(TOKEN);
const logged: string[] = [];
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    token: TOKEN,
    logger: { level: 'debug', stream: { write: (line: string) => logged.push(line) } },
  });
});
afterAll(async () => h?.close());

describe('token redaction', () => {
  it('request logs and error bodies show [redacted] where the token was', async () => {
    const bodies: string[] = [];
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(h.url + path, init);
      bodies.push(await res.text());
      return res.status;
    };
    expect(await call(`/api/info?token=${Q}`)).toBe(200);
    expect(await call(`/api/info?token=${Q}&token=${Q}`)).toBe(401);
    expect(await call(`/api/info?%74oken=${Q}`)).toBe(200); // an encoded parameter name is still `token`
    expect(await call(`/api/info?token=${Q}x`)).toBe(401);
    expect(await call(`/api/nope?token=${Q}`)).toBe(404);
    expect(await call(`/nope/page?a=1&token=${Q}`)).toBe(404);
    expect(await call(`/api/executions?token=${Q}&limit=1e3`)).toBe(400);
    expect(await call(`/api/executions/x/logs?cursor=${Q}&token=${Q}`)).toBe(400);
    const post = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    };
    expect(
      await call(`/api/executions?token=${Q}`, {
        ...post,
        body: JSON.stringify({ executor: 'command', command: 1 }),
      }),
    ).toBe(400);
    expect(
      await call(`/api/executions?token=${Q}`, {
        ...post,
        body: JSON.stringify({ executor: 'command', command: 'true', cwd: `/no/${TOKEN}` }),
      }),
    ).toBe(400);
    expect(await call(`/api/executions?token=${Q}`, { ...post, body: '{"executor":' })).toBe(400);
    const run = await fetch(`${h.url}/api/executions`, {
      ...post,
      body: JSON.stringify({ executor: 'command', command: 'echo hi' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const sse = await readSse(`${h.url}/api/executions/${run.id}/stream?format=raw&token=${Q}`);
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));

    const out = logged.join('');
    expect(logged.length).toBeGreaterThan(20);
    expect(out).toContain('"url":"/api/info?token=[redacted]"');
    expect(out).toContain('"url":"/api/info?%74oken=[redacted]"');
    for (const form of [TOKEN, Q, JSON.stringify(TOKEN).slice(1, -1), 'tf-secret'])
      expect(out).not.toContain(form);
    for (const body of bodies) expect(body).not.toContain('tf-secret');
    expect(bodies.join('\n')).toContain('[redacted]'); // the cwd error quoted it
  });
});
