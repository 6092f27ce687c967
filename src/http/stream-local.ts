// An execution's SSE stream served from this instance: history, then live lines from memory (a run started
// here) or from the store (a run of another process or instance, followed every second), then `finished`.
import type { FastifyBaseLogger } from 'fastify';
import type { ExecutionManager } from '../live/execution-manager.js';
import { historyThenLive } from '../live/history.js';
import { expandRecords } from '../replay/expand.js';
import type { ReplayEntry } from '../replay/entry.js';
import { decodeStoredRecordsAsync } from '../records/segment-codec.js';
import type { Execution } from '../store/types.js';
import { DELETED_EVENT, FINISHED_EVENT } from '../protocol/sse-events.js';
import type { FinishedEventData } from '../protocol/responses.js';
import type { StreamView } from '../protocol/names.js';
import type { SseWriter } from './sse.js';
import { ConversationStream } from './routes/stream-conversation.js';

/** How often a run that is not live here is read again from the store (its owner flushes at least every second). */
const FOLLOW_STORE_MS = 1000;

export interface LocalStream {
  manager: ExecutionManager;
  sse: SseWriter;
  execution: Execution;
  /** Line views: entries after this seq only (-1: all). A conversation always starts from a full snapshot. */
  afterSeq: number;
  view: StreamView | undefined;
  log: FastifyBaseLogger;
  /**
   * A run of another instance, followed from the store because its owner did not answer: every few seconds,
   * while `live()` says its owner holds its lease, following stops and `from(lastSeq)` tries the owner again
   * (following from the store reads the whole history each time; forwarding is cheaper and live).
   */
  retryOwner?: { live: () => Promise<boolean>; from: (afterSeq: number) => void };
}

/** How long a run with a live owner elsewhere is followed from the store before the owner is tried again (ms). */
const RETRY_OWNER_MS = 5000;

export async function streamLocal(o: LocalStream): Promise<void> {
  const { manager, sse, execution: e } = o;
  const conversation = o.view === 'conversation' ? new ConversationStream(sse, e.executor) : null;
  const repeats = o.view === 'raw';
  let lastSeq = conversation ? -1 : o.afterSeq;
  let finished = false;
  let historySent = false;
  let pendingFinal: Execution | null = null;
  let followQueue: Promise<void> = Promise.resolve();
  let followingSince = 0;
  let unsubscribe = () => {};
  /** following: the store is read every second (a run not live here). */
  const timers: { keepAlive?: NodeJS.Timeout; following?: NodeJS.Timeout } = {};
  const send = (entry: ReplayEntry) => {
    lastSeq = entry.seq;
    if (conversation) conversation.live(entry);
    else sse.line(entry);
  };
  const cleanup = () => {
    clearInterval(timers.keepAlive);
    clearInterval(timers.following);
    conversation?.close();
    unsubscribe();
    manager.bus.off('status', onStatus);
    manager.bus.off('deleted', onDeleted);
  };
  const finish = (final: Execution) => {
    if (!historySent) {
      pendingFinal = final;
      return;
    }
    if (finished || sse.closed) return;
    finished = true;
    conversation?.flush();
    sse.event(FINISHED_EVENT, {
      status: final.status,
      exitCode: final.exitCode,
      signal: final.signal,
    } satisfies FinishedEventData);
    sse.end();
    cleanup();
  };
  // Deleted while connected (a running one was stopped first and got `finished`): a clear end, not a hang.
  const onDeleted = (d: { id: string }) => {
    if (d.id !== e.id || finished || sse.closed) return;
    finished = true;
    sse.event(DELETED_EVENT, { id: e.id });
    sse.end();
    cleanup();
  };
  // A run not live here: what its owner stored since the last entry sent, then `finished` once it ended.
  // Its owner flushes everything before the final status, and a reaped owner is fenced before: exact.
  const followStore = () =>
    (followQueue = followQueue.then(async () => {
      if (finished || sse.closed) return;
      const now = await manager.store.getExecution(e.id);
      if (now === null) return onDeleted({ id: e.id });
      // Only the rows holding a seq past the last one sent are decoded: a long run is not re-read every second.
      const rows = (await manager.store.readRecords(now.num)).filter((r) => r.seqLast > lastSeq);
      for (const x of expandRecords(await decodeStoredRecordsAsync(rows), { afterSeq: lastSeq, repeats }))
        send(x);
      if (now.status !== 'running') return finish(now);
      if (o.retryOwner !== undefined && Date.now() - followingSince > RETRY_OWNER_MS) {
        followingSince = Date.now();
        if (!(await o.retryOwner.live()) || finished || sse.closed) return;
        finished = true; // here: the stream goes on from the owner
        cleanup();
        o.retryOwner.from(lastSeq);
      }
    })).catch((err: unknown) => {
      o.log.error({ err }, 'following a stored run failed');
      sse.end();
      cleanup();
    });
  // Listen for the final status before reading, so a finish in between is not missed.
  const onStatus = (x: Execution) => {
    if (x.id !== e.id || x.status === 'running') return;
    if (timers.following !== undefined) void followStore();
    else finish(x);
  };
  manager.bus.on('status', onStatus);
  manager.bus.on('deleted', onDeleted);
  // Registered before the (long) history write: a client leaving during it releases everything.
  sse.onClose(cleanup);
  const log = manager.live(e.id);
  const live = await historyThenLive(manager.store, e, log, o.afterSeq, send, { repeats });
  unsubscribe = live.unsubscribe;
  if (sse.closed) return cleanup();
  // Written with backpressure; live entries arriving meanwhile are held by `live` until start().
  let sent = true;
  if (conversation) {
    const entries = await live.entries();
    if (entries.length > 0) lastSeq = entries[entries.length - 1]!.seq;
    sent = await conversation.history(entries);
  } else
    for await (const page of live.pages()) {
      if (page.length > 0) lastSeq = page[page.length - 1]!.seq;
      if (!(sent = await sse.history(page))) break;
    }
  if (!sent) return cleanup();
  live.start();
  historySent = true;
  if (pendingFinal !== null && log !== undefined) finish(pendingFinal);
  if (finished) return;
  timers.keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
  if (log !== undefined && manager.live(e.id) !== undefined) return;
  if (log === undefined && e.status === 'running') {
    followingSince = Date.now();
    timers.following = setInterval(() => void followStore(), FOLLOW_STORE_MS);
    return void followStore();
  }
  // Ended here while the history was read, or stored as ended (then the history read is complete).
  const final = log === undefined ? e : await manager.store.getExecution(e.id);
  if (final === null) onDeleted({ id: e.id });
  else if (final.status !== 'running') finish(final);
}
