// Internal HTTP between instances: opens the owner's live stream of an execution and sends it requests
// that act on a running process (stop, delete), authenticated with the cluster secret.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TokenfoldError } from '../errors.js';
import type { ClusterMembership } from './membership.js';
import { CLUSTER_SECRET_HEADER } from './secret.js';

/** An owner that does not answer with headers within this is taken as gone (SIGSTOPped, partitioned). */
const HEADERS_TIMEOUT_MS = 5000;
/** A forwarded stream silent this long (the owner sends a keep-alive every 15 s) is taken as lost. */
const IDLE_TIMEOUT_MS = 20_000;

export interface ForwardedReply {
  status: number;
  body: unknown;
}

export class Forwarder {
  readonly membership: ClusterMembership;
  readonly #secret: string;
  readonly #http = new HttpAgent({ keepAlive: true });
  readonly #https = new HttpsAgent({ keepAlive: true });

  constructor(membership: ClusterMembership, secret: string) {
    this.membership = membership;
    this.#secret = secret;
  }

  /** The owner's address when execution `id` runs on another live instance, else null. */
  ownerAddress(id: string): Promise<string | null> {
    return this.membership.ownerAddress(id);
  }

  /** The owner's SSE response for an execution (line views after `afterSeq`), or why it could not be had. */
  openStream(
    address: string,
    id: string,
    view: string | undefined,
    afterSeq: number,
  ): Promise<IncomingMessage | Error> {
    const query = view === undefined ? '' : `?format=${encodeURIComponent(view)}`;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (afterSeq >= 0) headers['last-event-id'] = String(afterSeq);
    return new Promise((resolve) => {
      const req = this.#request(
        'GET',
        address,
        `/internal/executions/${encodeURIComponent(id)}/stream${query}`,
        headers,
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${HEADERS_TIMEOUT_MS} ms`)),
        HEADERS_TIMEOUT_MS,
      );
      req.on('response', (res) => {
        clearTimeout(timer);
        if (res.statusCode !== 200) {
          res.resume();
          return resolve(new Error(`the owner answered ${res.statusCode}`));
        }
        res.socket.setTimeout(IDLE_TIMEOUT_MS, () => res.destroy(new Error('the owner went silent')));
        res.once('close', () => res.socket?.setTimeout(0));
        resolve(res);
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        resolve(err);
      });
      req.end();
    });
  }

  /** Sends a request to the owner's internal endpoint and returns its answer; `unavailable` when it cannot be reached. */
  send(method: 'POST' | 'DELETE', address: string, path: string): Promise<ForwardedReply> {
    return new Promise((resolve, reject) => {
      const req = this.#request(method, address, path, { accept: 'application/json' });
      req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 502, body: JSON.parse(text) });
          } catch {
            reject(
              new TokenfoldError(
                `the owning instance at ${address} answered ${res.statusCode} without JSON`,
                { code: 'unavailable' },
              ),
            );
          }
        });
        res.on('error', (err) => reject(unreachable(address, err)));
      });
      req.on('error', (err) => reject(unreachable(address, err)));
      req.end();
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }

  #request(method: string, address: string, path: string, headers: Record<string, string>) {
    const url = new URL(path, address);
    const https = url.protocol === 'https:';
    return (https ? httpsRequest : httpRequest)(url, {
      method,
      agent: https ? this.#https : this.#http,
      headers: { ...headers, [CLUSTER_SECRET_HEADER]: this.#secret },
    });
  }
}

function unreachable(address: string, err: Error): TokenfoldError {
  return new TokenfoldError(
    `the instance running this execution (${address}) cannot be reached: ${err.message}`,
    {
      code: 'unavailable',
      cause: err,
    },
  );
}
