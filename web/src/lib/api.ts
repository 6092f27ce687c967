// HTTP client for the tokenfold API (docs/API.md): JSON fetch with the optional access token, typed executions.

import type {
  CreateExecutionBody,
  ErrorBody,
  ExecutionBody,
  ExecutionListBody,
  ExecutionStatus,
} from 'tokenfold/protocol';
import { takePrefetched } from './prefetch.js';

export type { ExecutionStatus };

/** The server's execution type, plus the storage figures `GET /api/executions/:id` adds. */
export type Execution = ExecutionBody;

export type NewExecution = CreateExecutionBody;

/** The coding agents tokenfold runs (and the demo imitates), with the name a user knows them by. */
export const AGENTS = [
  ['claude-code', 'Claude Code'],
  ['codex', 'Codex'],
  ['gemini', 'Gemini CLI'],
  ['cursor', 'Cursor'],
  ['qwen-code', 'Qwen Code'],
] as const;
export type AgentName = (typeof AGENTS)[number][0];

/** Whether an execution's executor is a coding agent (its log reads as a conversation). */
export const isAgent = (executor: string): executor is AgentName => AGENTS.some(([a]) => a === executor);

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A bearer token given once as `?token=` in the page URL (needed when the server is not on loopback). */
const token: string | null = (() => {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('tokenfold-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('tokenfold-token');
})();

/** URL for EventSource (which cannot send headers): the token goes in the query. */
export function apiUrl(path: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  if (token) q.set('token', token);
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

export async function api<T>(path: string, init: RequestOptions = {}): Promise<T> {
  const res = await request(path, { ...init, accept: 'application/json' });
  const text = await res.text();
  return (text === '' ? null : safeJson(text)) as T;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  params?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  accept?: string;
}

/** A fetch with the token; a non-2xx answer becomes an ApiError (from the server's `{ error }` body). */
export async function request(path: string, init: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(init.params ?? {})) if (v !== undefined) q.set(k, String(v));
  const url = q.size > 0 ? `${path}?${q}` : path;
  const method = init.method ?? 'GET';
  const early = method === 'GET' && !init.signal?.aborted ? takePrefetched(url) : undefined;
  // A prefetched answer that failed or came back empty (204: nothing stored yet) is asked for again.
  const res = await (early?.catch(() => undefined) ?? Promise.resolve(undefined)).then((r) =>
    r !== undefined && r.status !== 204
      ? r
      : fetch(url, {
          method,
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          signal: init.signal,
        }),
  );
  if (!res.ok) {
    const text = await res.text();
    const err = (safeJson(text) as Partial<ErrorBody> | null)?.error;
    throw new ApiError(
      err?.message ?? `${res.status} ${res.statusText}`,
      res.status,
      err?.code ?? 'http',
      err?.field,
    );
  }
  return res;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Executions seen finished: final (they never run again), so opening one from the list needs no lookup first. */
const finished = new Map<string, Execution>();
function seen<T extends Execution>(e: T): T {
  if (e.status !== 'running') finished.set(e.id, e);
  return e;
}
export const knownFinished = (id: string): Execution | undefined => finished.get(id);

export const listExecutions = (before?: number, signal?: AbortSignal) =>
  api<ExecutionListBody>('/api/executions', { params: { limit: 50, before }, signal }).then((p) => {
    p.items.forEach(seen);
    return p;
  });
/** Lookups under way: the page header and the log opening a run share one request. */
const lookups = new Map<string, Promise<Execution>>();
export function getExecution(id: string, signal?: AbortSignal): Promise<Execution> {
  let p = lookups.get(id);
  if (p === undefined) {
    p = api<Execution>(`/api/executions/${encodeURIComponent(id)}`).then(seen);
    lookups.set(id, p);
    const done = () => void lookups.delete(id);
    p.then(done, done);
  }
  // The shared request is not aborted with one caller: each caller stops waiting instead.
  if (signal === undefined) return p;
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject);
  });
}
export const startExecution = (body: NewExecution) =>
  api<Execution>('/api/executions', { method: 'POST', body });
export const stopExecution = (id: string) =>
  api<Execution>(`/api/executions/${encodeURIComponent(id)}/stop`, { method: 'POST' });
/** DELETE: a running execution needs `force` (it is stopped first). */
export const deleteExecution = (id: string, force = false) =>
  api<{ deleted: string }>(`/api/executions/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    params: { force: force ? 1 : undefined },
  });
/** The whole run as a file (GET …/logs?download=1): a link the browser saves. */
export const downloadUrl = (id: string, format: 'raw' | 'deltas' | 'conversation') =>
  apiUrl(`/api/executions/${encodeURIComponent(id)}/logs`, { format, download: 1 });
export const isRunning = (e: Pick<Execution, 'status'>): boolean => e.status === 'running';
