// Safety: DNS rebinding (Host), cross-site writes (Origin), and tokens off loopback.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/server-harness.js';

function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('security', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('refuses a Host that is not the loopback name (DNS rebinding)', async () => {
    expect(await raw(h.port, 'GET', '/api/info', { host: `evil.example:${h.port}` })).toBe(403);
    expect(await raw(h.port, 'GET', '/api/info', { host: `127.0.0.1:${h.port + 1}` })).toBe(403);
    expect(await raw(h.port, 'GET', '/api/info', { host: `localhost:${h.port}` })).toBe(200);
  });

  it('refuses state-changing requests from a foreign Origin', async () => {
    const body = JSON.stringify({ executor: 'command', command: 'echo pwned' });
    const headers = { host: `127.0.0.1:${h.port}`, 'content-type': 'application/json' };
    expect(
      await raw(h.port, 'POST', '/api/executions', { ...headers, origin: 'https://evil.example' }, body),
    ).toBe(403);
    expect(await raw(h.port, 'POST', '/api/executions', { ...headers, origin: 'null' }, body)).toBe(403);
    expect(
      await raw(h.port, 'POST', '/api/executions', { ...headers, 'sec-fetch-site': 'cross-site' }, body),
    ).toBe(403);
    expect(
      await raw(
        h.port,
        'POST',
        '/api/executions',
        { ...headers, origin: `http://127.0.0.1:${h.port}` },
        body,
      ),
    ).toBe(201);
    expect((await h.store.listExecutions()).filter((e) => e.command === 'echo pwned')).toHaveLength(1);
  });

  it('requires the token on every request when bound to a non-loopback address', async () => {
    const t = await startHarness({ host: '0.0.0.0', token: 'sekrit-token-123' });
    try {
      expect(await raw(t.port, 'GET', '/api/info', { host: `192.0.2.1:${t.port}` })).toBe(401);
      expect(
        await raw(t.port, 'GET', '/api/info', {
          host: `192.0.2.1:${t.port}`,
          authorization: 'Bearer wrong-token-1234',
        }),
      ).toBe(401);
      expect(
        await raw(t.port, 'GET', '/api/info', {
          host: `192.0.2.1:${t.port}`,
          authorization: 'Bearer sekrit-token-123',
        }),
      ).toBe(200);
      expect(
        await raw(t.port, 'GET', '/api/info?token=sekrit-token-123', { host: `192.0.2.1:${t.port}` }),
      ).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('internal endpoints (other instances only) are closed on a server without a cluster, token or not', async () => {
    const headers = { host: `127.0.0.1:${h.port}`, 'x-tokenfold-cluster-secret': 'anything-at-all-123456' };
    expect(await raw(h.port, 'GET', '/internal/executions/x/stream', headers)).toBe(401);
    expect(await raw(h.port, 'POST', '/internal/executions/x/stop', headers)).toBe(401);
    expect(
      await raw(h.port, 'GET', '/internal/executions/x/stream', { host: `evil.example:${h.port}` }),
    ).toBe(403);
  });
});
