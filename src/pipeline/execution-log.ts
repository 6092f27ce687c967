// One execution's log pipeline: bytes → lines → fold → batched writes, with live entries for subscribers.
import type { AgentFormat } from '../formats/format.js';
import { Folder } from '../fold/folder.js';
import type { FlushPolicy } from '../fold/flush-policy.js';
import type { Eol, StreamName } from '../ingest/line.js';
import { LineSplitter } from '../ingest/line-splitter.js';
import type { LogRecord } from '../records/types.js';
import type { ReplayEntry } from '../replay/entry.js';
import type { Execution, ExecutionPatch } from '../store/types.js';
import type { RecordSink } from './record-sink.js';

/** A line longer than this, in output no agent format reads (stderr, a command's output), is kept as pieces (Eol.None but the last). */
export const PIECE_BYTES = 1024 * 1024;

export type EntryListener = (e: ReplayEntry) => void;

export interface ExecutionLogOptions {
  execution: Pick<Execution, 'id' | 'num'>;
  format: AgentFormat | null;
  policy: FlushPolicy;
  writer: RecordSink;
  /** Clock in ms; arrival offsets are relative to the value at construction. */
  now?: () => number;
}

export class ExecutionLog {
  readonly execution: Pick<Execution, 'id' | 'num'>;
  readonly format: AgentFormat | null;
  readonly #folder: Folder;
  readonly #writer: RecordSink;
  readonly #now: () => number;
  readonly #t0: number;
  readonly #listeners = new Set<EntryListener>();
  readonly #splitters: Record<StreamName, LineSplitter>;
  #finished = false;

  constructor(o: ExecutionLogOptions) {
    this.execution = o.execution;
    this.format = o.format;
    this.#writer = o.writer;
    this.#now = o.now ?? Date.now;
    this.#t0 = this.#now();
    this.#folder = new Folder({
      format: o.format,
      policy: o.policy,
      sink: o.writer.sinkFor(o.execution.num),
      onEntry: (e) => {
        for (const l of this.#listeners) l(e);
      },
    });
    const sink = (stream: StreamName) => (text: string | null, bytes: Buffer | null, eol: Eol) => {
      const at = this.#now() - this.#t0;
      this.#folder.line({ text, bytes, eol, stream, at }, at);
    };
    // Output no format parses is cut into pieces of PIECE_BYTES: one 70 MB line, handled whole, held the loop
    // about half a second in each of the write, the compaction and the read (`npm run bench:stall`).
    const piece = { maxLineBytes: PIECE_BYTES };
    this.#splitters = {
      stdout: new LineSplitter(sink('stdout'), o.format === null ? piece : {}),
      stderr: new LineSplitter(sink('stderr'), piece),
    };
  }

  get stats() {
    return this.#folder.stats;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Sequence number the next line will get: everything below it has been seen. */
  get nextSeq(): number {
    return this.#folder.nextSeq;
  }

  write(stream: StreamName, chunk: Buffer): void {
    this.#splitters[stream].push(chunk);
  }

  /** A stream ended: its last line counts even without a newline. */
  endStream(stream: StreamName): void {
    this.#splitters[stream].end();
  }

  tick(): void {
    if (!this.#finished) this.#folder.tick(this.#now() - this.#t0);
  }

  /** Flushes everything held in memory; the caller then records the final status. */
  finish(): ExecutionPatch {
    if (!this.#finished) {
      this.#splitters.stdout.end();
      this.#splitters.stderr.end();
      this.#folder.finish();
      this.#finished = true;
    }
    return this.statsPatch();
  }

  statsPatch(): ExecutionPatch {
    const s = this.#folder.stats;
    return {
      lines: s.lines,
      deltasFolded: s.deltasFolded,
      duplicatesDropped: s.duplicatesDropped,
      deltasUnfolded: s.deltasUnfolded,
      unfoldedReasons: { ...s.unfolded },
      bytesIn: s.bytesIn,
    };
  }

  /** Records not yet committed: queued in the writer or still in the folder. */
  unpersisted(): LogRecord[] {
    return [...this.#writer.pending(this.execution.num), ...this.#folder.snapshot()];
  }

  subscribe(listener: EntryListener): () => void {
    this.#listeners.add(listener);
    this.#folder.listening = true;
    return () => {
      this.#listeners.delete(listener);
      this.#folder.listening = this.#listeners.size > 0;
    };
  }
}
