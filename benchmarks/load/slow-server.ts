// The load benchmark's baseline: a model of the old orchestrator's server. Fastify; POST /api/executions
// spawns the agent; each stdout line becomes its own autocommitted `{"Stdout": line}` row (slow layout:
// DELETE journal, synchronous=FULL, a hook query per insert) on a writer connection; SSE subscribers are
// fed from that hook, after the insert; GET …/logs reads every row and JSON-parses each, on a separate
// read connection. Both connections have busy_timeout 0, as the old app did.
// Usage: node dist/benchmarks/load/slow-server.js --port 0 --db FILE --claude-bin PATH
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import type { ReaderIn, ReaderOut, WriterIn, WriterOut } from './slow-db-worker.js';

interface Run {
  child: ChildProcess;
  subscribers: Set<ServerResponse>;
  seq: number;
  done: boolean;
  status: string;
  exitCode: number | null;
}

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    db: { type: 'string' },
    'claude-bin': { type: 'string', default: 'claude' },
  },
});
if (opt.db === undefined) throw new Error('--db FILE is required');
const dbPath = opt.db;
const claudeBin = opt['claude-bin']!;

const stats = { writeLockErrors: 0, linesLost: 0, rows: 0, readLockErrors: 0, readErrors: 0, reads: 0 };
const runs = new Map<string, Run>();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const worker = (role: 'writer' | 'reader') =>
  new Worker(new URL('./slow-db-worker.js', import.meta.url), { workerData: { role, path: dbPath } });
const writer = worker('writer');
await new Promise<void>((resolve, reject) => {
  writer.once('error', reject);
  writer.once('message', (m: WriterOut) =>
    m.t === 'ready' ? resolve() : reject(new Error(`writer: ${m.t}`)),
  );
});
const reader = worker('reader');
const toWriter = (m: WriterIn) => writer.postMessage(m);

// The hook: a row was committed, push it to the execution's subscribers.
writer.on('message', (m: WriterOut) => {
  if (m.t === 'row') {
    stats.rows++;
    const run = runs.get(m.id);
    if (run === undefined || run.subscribers.size === 0) return;
    const event = `id: ${run.seq++}\nevent: stdout\ndata: ${m.line}\n\n`;
    for (const res of run.subscribers) res.write(event);
  } else if (m.t === 'lost') {
    stats.linesLost++;
    if (m.lock) stats.writeLockErrors++;
  } else if (m.t === 'busy') stats.writeLockErrors++;
  else if (m.t === 'finished') {
    const run = runs.get(m.id);
    if (run === undefined) return;
    run.done = true;
    for (const res of run.subscribers) endStream(res, run);
    run.subscribers.clear();
  }
});

let nextReq = 0;
const pendingReads = new Map<number, (m: ReaderOut) => void>();
reader.on('message', (m: ReaderOut) => {
  pendingReads.get(m.req)?.(m);
  pendingReads.delete(m.req);
});
const readHistory = (id: string) =>
  new Promise<ReaderOut>((resolve) => {
    const req = nextReq++;
    pendingReads.set(req, resolve);
    reader.postMessage({ t: 'read', req, id } satisfies ReaderIn);
  });

const app = Fastify({ logger: false, forceCloseConnections: true });

app.post<{ Body: { prompt?: string } }>('/api/executions', async (req, reply) => {
  const id = randomUUID();
  toWriter({ t: 'exec', id, startedAt: new Date().toISOString() });
  const child = spawn(
    claudeBin,
    [
      '-p',
      req.body?.prompt ?? '',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run: Run = { child, subscribers: new Set(), seq: 0, done: false, status: 'running', exitCode: null };
  runs.set(id, run);
  let carry = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    if (parts.length > 0) toWriter({ t: 'lines', id, lines: parts });
  });
  child.stderr!.resume();
  child.on('close', (code, signal) => {
    if (carry !== '') toWriter({ t: 'lines', id, lines: [carry] });
    run.status = code === 0 ? 'completed' : signal !== null ? 'killed' : 'failed';
    run.exitCode = code;
    toWriter({ t: 'finish', id, status: run.status, exitCode: code });
  });
  child.on('error', () => {}); // reported through 'close'
  return reply.code(201).send({ id, status: 'running' });
});

app.post<{ Params: { id: string } }>('/api/executions/:id/stop', async (req, reply) => {
  const run = runs.get(req.params.id);
  if (run === undefined)
    return reply.code(404).send({ error: { code: 'not_found', message: 'no such execution' } });
  if (!run.done) run.child.kill('SIGTERM');
  return reply.code(202).send({ id: req.params.id, status: run.status });
});

app.get<{ Params: { id: string } }>('/api/executions/:id/stream', async (req, reply) => {
  const run = runs.get(req.params.id);
  if (run === undefined)
    return reply.code(404).send({ error: { code: 'not_found', message: 'no such execution' } });
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  if (run.done) return endStream(res, run);
  run.subscribers.add(res);
  res.on('close', () => run.subscribers.delete(res));
});

// The old app's history read: every row, each record JSON-parsed, the whole array returned.
app.get<{ Params: { id: string } }>('/api/executions/:id/logs', async (req, reply) => {
  stats.reads++;
  const m = await readHistory(req.params.id);
  if (m.t === 'history') return m.messages;
  stats.readErrors++;
  if (m.lock) stats.readLockErrors++;
  return reply.code(500).send({ error: { code: 'internal', message: m.message } });
});

app.get('/api/info', async () => ({
  layout: 'slow',
  eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
  eventLoopResolutionMs: 10,
  eventLoopDelayMaxMs: loop.max / 1e6,
  rssBytes: process.memoryUsage.rss(),
  writer: { lockErrors: stats.writeLockErrors, linesLost: stats.linesLost, rows: stats.rows },
  reader: { lockErrors: stats.readLockErrors, errors: stats.readErrors, reads: stats.reads },
}));

function endStream(res: ServerResponse, run: Run): void {
  res.end(`event: finished\ndata: ${JSON.stringify({ status: run.status, exitCode: run.exitCode })}\n\n`);
}

const shutdown = async () => {
  for (const run of runs.values()) if (!run.done) run.child.kill('SIGKILL');
  await app.close();
  await Promise.all([writer.terminate(), reader.terminate()]);
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ host: '127.0.0.1', port: Number(opt.port) });
const addr = app.server.address();
process.stdout.write(
  `slow layout server listening on http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : opt.port}\n`,
);
