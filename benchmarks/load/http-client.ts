// Small keep-alive HTTP helpers for the load benchmark (node:http: less client-side CPU than fetch).
import { Agent, request } from 'node:http';

export const clientAgent = new Agent({ keepAlive: true, maxSockets: Infinity });

export interface HttpResult {
  status: number;
  body: string;
}

export function http(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> =
      payload === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    const req = request(url, { method, agent: clientAgent, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export async function httpJson<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const r = await http(method, url, body);
  if (r.status >= 300) throw new Error(`${method} ${url}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body) as T;
}
