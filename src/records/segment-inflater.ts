// Decompresses segments on one long-lived worker thread, in order, handing each result back without a
// copy (its memory is transferred). Reading a history decodes segment k on this thread while the worker
// decompresses k+1. Through zlib's async API each segment cost this thread ~0.5 ms just to start (a
// stream object, a fresh output buffer, callbacks), and thread-pool jobs competed with it for the cores.
import { Worker } from 'node:worker_threads';

/** How a segment is compressed: raw deflate, or brotli (tokenfold 0.1). */
export type Codec = 'deflate' | 'brotli';

// Plain CommonJS run with `eval`: no file to resolve, whether this module runs from src/ or dist/.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { brotliDecompressSync, inflateRawSync } = require('node:zlib');
parentPort.on('message', ({ id, body, codec, chunkSize }) => {
  let out;
  try {
    out = (codec === 'brotli' ? brotliDecompressSync : inflateRawSync)(body, { chunkSize });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
    return;
  }
  // A buffer of its own, exactly sized (zlib's may be a slice of a larger or pooled one), is moved, not copied.
  const own = out.byteOffset === 0 && out.buffer.byteLength === out.length ? out : new Uint8Array(out);
  parentPort.postMessage({ id, buffer: own.buffer, offset: 0, length: own.length }, [own.buffer]);
});
`;

interface Reply {
  id: number;
  error?: string;
  buffer?: ArrayBuffer;
  offset?: number;
  length?: number;
}

interface Pending {
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

export class SegmentInflater {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  /** Decompresses one segment; `chunkSize` should usually hold the whole output. */
  inflate(body: Buffer, codec: Codec, chunkSize: number): Promise<Buffer> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, body, codec, chunkSize });
    });
  }

  /** Whether the worker is up (or starting). */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Starts the worker ahead of reads (~50 ms, on another core): long-lived readers such as the server. */
  start(): void {
    this.#ensureWorker();
  }

  /** Stops the worker (pending calls fail); a later call starts a new one. */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error('segment inflater closed'));
    if (w) await w.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: Reply) => this.#settle(m));
    const lost = (err: Error) => {
      if (this.#worker === w) this.#worker = undefined;
      this.#failAll(err);
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`segment inflater exited with code ${code}`)));
    this.#worker = w;
    return w;
  }

  #settle(m: Reply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (m.error !== undefined) p.reject(new Error(`cannot decompress segment: ${m.error}`));
    else p.resolve(Buffer.from(m.buffer!, m.offset!, m.length!));
  }

  #failAll(err: Error): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) p.reject(err);
  }
}

/** One per process: the worker is started on first use and does not keep the process alive when idle. */
export const segmentInflater = new SegmentInflater();
