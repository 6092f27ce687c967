// Carries the execution feed between instances: each publishes its own created, status and deleted events
// (ids only: a row with its prompt may not fit in a NOTIFY) and its progress (batched each second); the
// others read the row and emit them on their own bus, so /api/events and stream endings cover every
// instance's runs. Lines never go this way (they are forwarded from the owner over HTTP).
import type { EventBus, Progress } from '../live/event-bus.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import type { ClusterMembership } from './membership.js';

const PROGRESS_EVERY_MS = 1000;
/** NOTIFY payloads must stay under 8,000 bytes. */
const MAX_MESSAGE = 7000;

type Message =
  | { f: string; t: 'created' | 'status' | 'deleted'; id: string }
  | { f: string; t: 'progress'; p: [string, number, number, number][] };

export class FeedRelay {
  readonly #bus: EventBus;
  readonly #store: LogStore;
  readonly #cluster: ClusterMembership;
  readonly #log: (line: string) => void;
  readonly #progress = new Map<string, Progress>();
  readonly #timer: NodeJS.Timeout;
  /** Set while an event received from another instance is emitted here: it is not published again. */
  #relaying = false;
  /** Received events are emitted in the order they were sent (each waits for its row). */
  #received: Promise<void> = Promise.resolve();
  #unsubscribe: () => Promise<void> = async () => {};
  #lost = false;

  private constructor(
    bus: EventBus,
    store: LogStore,
    cluster: ClusterMembership,
    log: (line: string) => void,
  ) {
    this.#bus = bus;
    this.#store = store;
    this.#cluster = cluster;
    this.#log = log;
    this.#timer = setInterval(() => this.#publishProgress(), PROGRESS_EVERY_MS);
    this.#timer.unref();
  }

  static async start(
    bus: EventBus,
    store: LogStore,
    cluster: ClusterMembership,
    log: (line: string) => void,
  ): Promise<FeedRelay> {
    const relay = new FeedRelay(bus, store, cluster, log);
    relay.#unsubscribe = await cluster.subscribe(
      (m) => relay.#receive(m),
      (err) => {
        if (!relay.#lost) log(`feed from other instances lost, reconnecting: ${err.message}`);
        relay.#lost = true;
      },
    );
    bus.on('created', relay.#onCreated);
    bus.on('status', relay.#onStatus);
    bus.on('deleted', relay.#onDeleted);
    bus.on('progress', relay.#onProgress);
    return relay;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#bus.off('created', this.#onCreated);
    this.#bus.off('status', this.#onStatus);
    this.#bus.off('deleted', this.#onDeleted);
    this.#bus.off('progress', this.#onProgress);
    await this.#unsubscribe();
  }

  readonly #onCreated = (e: Execution) => this.#publish('created', e.id);
  // Progress still pending for a run that ended would arrive after its final status: dropped.
  readonly #onStatus = (e: Execution) => {
    if (e.status !== 'running') this.#progress.delete(e.id);
    this.#publish('status', e.id);
  };
  readonly #onDeleted = (d: { id: string }) => {
    this.#progress.delete(d.id);
    this.#publish('deleted', d.id);
  };
  readonly #onProgress = (p: Progress) => {
    if (!this.#relaying) this.#progress.set(p.id, p);
  };

  #publish(t: 'created' | 'status' | 'deleted', id: string): void {
    if (this.#relaying) return;
    this.#send({ f: this.#cluster.instanceId, t, id });
  }

  #publishProgress(): void {
    if (this.#progress.size === 0) return;
    let batch: [string, number, number, number][] = [];
    let size = 0;
    for (const p of this.#progress.values()) {
      const item: [string, number, number, number] = [p.id, p.lines, p.deltasFolded, p.bytesIn];
      size += p.id.length + 60;
      batch.push(item);
      if (size > MAX_MESSAGE - 200) {
        this.#send({ f: this.#cluster.instanceId, t: 'progress', p: batch });
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) this.#send({ f: this.#cluster.instanceId, t: 'progress', p: batch });
    this.#progress.clear();
  }

  #send(m: Message): void {
    const text = JSON.stringify(m);
    if (text.length > MAX_MESSAGE) return;
    this.#cluster
      .publish(text)
      .catch((err: Error) => this.#log(`publishing to other instances failed: ${err.message}`));
  }

  #receive(text: string): void {
    let m: Message;
    try {
      m = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (m.f === this.#cluster.instanceId) return;
    this.#lost = false;
    this.#received = this.#received
      .then(async () => {
        if (m.t === 'progress') {
          for (const [id, lines, deltasFolded, bytesIn] of m.p)
            this.#emit(() => this.#bus.emit('progress', { id, lines, deltasFolded, bytesIn }));
        } else if (m.t === 'deleted') this.#emit(() => this.#bus.emit('deleted', { id: m.id }));
        else {
          const e = await this.#store.getExecution(m.id);
          const t = m.t;
          if (e !== null) this.#emit(() => this.#bus.emit(t, e));
        }
      })
      .catch((err: Error) =>
        this.#log(`an event from another instance could not be relayed: ${err.message}`),
      );
  }

  #emit(fn: () => void): void {
    this.#relaying = true;
    try {
      fn();
    } finally {
      this.#relaying = false;
    }
  }
}
