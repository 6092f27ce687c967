// `fetch` JSON against a test server: status and parsed body.
export type JsonClient = <T = any>(path: string, init?: RequestInit) => Promise<{ status: number; body: T }>;

export function jsonClient(url: string): JsonClient {
  return async (path, init) => {
    const res = await fetch(url + path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}
