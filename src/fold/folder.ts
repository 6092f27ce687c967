// Folds one execution's lines: deltas into block records, other lines into batched line records.
import type { AgentFormat, ControlLine, DeltaLine } from '../formats/format.js';
import { Eol, type RawLine } from '../ingest/line.js';
import { encodeBlock } from '../records/block-codec.js';
import { encodeLines } from '../records/record-codec.js';
import { RecordKind, type LineEntry, type LogRecord } from '../records/types.js';
import type { ReplayEntry } from '../replay/entry.js';
import { DedupeWindow } from './dedupe-window.js';
import type { FlushPolicy } from './flush-policy.js';
import { OpenBlock, type BlockHeader } from './open-block.js';

/** Where folded records go (a batching writer in front of a store). */
export interface FoldSink {
  /** `final`: a complete block or a line batch, never deleted later (an open block's part may be). */
  put(
    recordNo: number,
    kind: RecordKind,
    seqFirst: number,
    seqLast: number,
    body: string,
    final: boolean,
  ): void;
  del(recordNos: readonly number[]): void;
}

export interface FoldStats {
  lines: number;
  deltasFolded: number;
  /** Progress lines (e.g. thinking token counts) folded into the block they interleave with. */
  progressFolded: number;
  /** Exact repeats of recent deltas: kept for `raw`, left out of the other views. */
  duplicatesDropped: number;
  /** Lines the format recognised as deltas but could not fold, in total and by reason (format drift shows here). */
  deltasUnfolded: number;
  unfolded: Record<string, number>;
  bytesIn: number;
  recordsWritten: number;
}

export interface FolderOptions {
  format: AgentFormat | null;
  policy: FlushPolicy;
  sink: FoldSink;
  /** Called for every kept line, in sequence order, only while someone listens (see `listening`). */
  onEntry?: (e: ReplayEntry) => void;
  firstRecordNo?: number;
  firstSeq?: number;
}

const MAIN = '';
/**
 * What a line weighs in a line batch beyond its text (about its share of a line record's columns):
 * batches flush by weight, not count, so a dev server printing short lines fast (`yes`) writes about
 * 2,000 per record, not a hundred, and its compaction has 20× fewer rows to read and replace.
 */
const LINE_COST = 4;

export class Folder {
  readonly stats: FoldStats = {
    lines: 0,
    deltasFolded: 0,
    progressFolded: 0,
    duplicatesDropped: 0,
    deltasUnfolded: 0,
    unfolded: {},
    bytesIn: 0,
    recordsWritten: 0,
  };
  /** When false, no live entry is rendered (no subscriber): the hot path skips that work. */
  listening = false;
  readonly #o: FolderOptions;
  readonly #dedupe = new DedupeWindow();
  readonly #open = new Map<string, OpenBlock>();
  readonly #messageOf = new Map<string, string>();
  readonly #starts = new Map<string, ControlLine & { kind: 'block_start' }>();
  #entries: LineEntry[] = [];
  #entriesBytes = 0;
  #entriesSince = 0;
  #nextSeq: number;
  #nextRecordNo: number;
  #nextBlockNo = 0;
  /** The block the last delta went to, while open: where a progress line belongs. */
  #last: OpenBlock | null = null;

  constructor(options: FolderOptions) {
    this.#o = options;
    this.#nextSeq = options.firstSeq ?? 0;
    this.#nextRecordNo = options.firstRecordNo ?? 0;
  }

  get nextSeq(): number {
    return this.#nextSeq;
  }

  get nextRecordNo(): number {
    return this.#nextRecordNo;
  }

  line(raw: RawLine, now: number): void {
    this.stats.bytesIn +=
      (raw.text !== null ? raw.text.length : raw.bytes!.length) +
      (raw.eol === Eol.Crlf ? 2 : raw.eol === Eol.Lf ? 1 : 0);
    const fmt = this.#o.format;
    if (fmt !== null && raw.text !== null && raw.stream === 'stdout') {
      const c = fmt.classify(raw.text);
      switch (c.kind) {
        case 'delta':
          if (c.delta.dedupeKey !== '' && this.#dedupe.seen(c.delta.dedupeKey, c.delta.payload)) {
            this.stats.duplicatesDropped++;
            return this.#verbatim(raw, now, true);
          }
          return this.#foldDelta(c.delta, raw, now);
        case 'progress':
          if (this.#foldProgress(c.parent, raw, now)) return;
          break;
        case 'control':
          this.#verbatim(raw, now, false);
          return this.#control(c.control, now);
        case 'unfoldable':
          this.stats.deltasUnfolded++;
          this.stats.unfolded[c.reason] = (this.stats.unfolded[c.reason] ?? 0) + 1;
          break;
      }
    }
    this.#verbatim(raw, now, false);
  }

  /** Time-based flushes: anything held longer than the policy allows. */
  tick(now: number): void {
    const max = this.#o.policy.maxOpenMs;
    let due = this.#entries.length > 0 && now - this.#entriesSince >= max;
    for (const b of this.#open.values()) due ||= b.count > b.flushedCount && now - b.lastFlushAt >= max;
    if (due) this.#flushAll(now);
  }

  /** Process exit, kill or shutdown: persist everything, marking unfinished blocks as such. */
  finish(): void {
    for (const b of [...this.#open.values()]) this.#closeBlock(b, false);
    this.#flushLines();
  }

  /** Unflushed state as records, for a history read that must not miss what is still in memory. */
  snapshot(): LogRecord[] {
    const out: LogRecord[] = [];
    if (this.#entries.length > 0) out.push({ k: 'l', e: this.#entries.slice() });
    for (const b of this.#open.values())
      if (b.count > b.flushedCount) out.push(b.toRecord(b.flushedCount, false));
    return out;
  }

  #foldDelta(d: DeltaLine, raw: RawLine, now: number): void {
    const parent = d.parent ?? MAIN;
    const messageId = d.block ?? this.#messageOf.get(parent) ?? '';
    const key = messageId + '\u0000' + d.index + '\u0000' + parent;
    let block = this.#open.get(key);
    if (block === undefined) {
      block = new OpenBlock(this.#header(messageId, d), now);
      this.#open.set(key, block);
    }
    const seq = this.#nextSeq++;
    block.addDelta(raw.text!, d, seq, raw.at, raw.eol);
    this.#last = block;
    this.stats.deltasFolded++;
    this.#added(block, raw, seq, now);
  }

  /** A progress line joins the block whose deltas it interleaves with (the last one added to, same agent). */
  #foldProgress(parent: string | null | undefined, raw: RawLine, now: number): boolean {
    const block = this.#last;
    if (block === null || (parent !== undefined && parent !== block.header.parent)) return false;
    const seq = this.#nextSeq++;
    block.addProgress(raw.text!, seq, raw.at, raw.eol);
    this.stats.progressFolded++;
    this.#added(block, raw, seq, now);
    return true;
  }

  #added(block: OpenBlock, raw: RawLine, seq: number, now: number): void {
    this.stats.lines++;
    if (this.listening)
      this.#o.onEntry?.({ seq, stream: 'stdout', eol: raw.eol, at: raw.at, text: raw.text, bytes: null });
    const p = this.#o.policy;
    if (block.count - block.flushedCount >= p.maxItems || block.bytesSinceFlush >= p.maxBytes)
      this.#flushAll(now);
  }

  #header(messageId: string, d: DeltaLine): BlockHeader {
    const start = this.#starts.get((d.parent ?? MAIN) + '\u0000' + d.index);
    const h: BlockHeader = { bn: this.#nextBlockNo++, messageId, index: d.index, parent: d.parent };
    if (start !== undefined) {
      h.blockType = start.blockType;
      if (start.toolName !== null) h.toolName = start.toolName;
      if (start.toolId !== null) h.toolId = start.toolId;
    }
    return h;
  }

  #control(c: ControlLine, now: number): void {
    const parent = c.parent ?? MAIN;
    switch (c.kind) {
      case 'message_start':
        this.#messageOf.set(parent, c.messageId);
        return;
      case 'block_start':
        this.#starts.set(parent + '\u0000' + c.index, c);
        return;
      case 'block_stop': {
        const key = (this.#messageOf.get(parent) ?? '') + '\u0000' + c.index + '\u0000' + parent;
        const b = this.#open.get(key);
        if (b !== undefined) {
          this.#closeBlock(b, true);
          this.#flushAll(now);
        }
        this.#starts.delete(parent + '\u0000' + c.index);
        return;
      }
      case 'message_stop': {
        const msg = c.messageId ?? this.#messageOf.get(parent) ?? '';
        for (const b of [...this.#open.values()])
          if (b.header.messageId === msg && (b.header.parent ?? MAIN) === parent) this.#closeBlock(b, true);
        this.#flushAll(now);
        return;
      }
    }
  }

  /** A line kept as it is; `repeat`: an exact repeat of a recent delta, left out of every view but `raw`. */
  #verbatim(raw: RawLine, now: number, repeat: boolean): void {
    const seq = this.#nextSeq++;
    const e: LineEntry = { s: seq, a: raw.at };
    if (repeat) e.d = 1;
    if (raw.text !== null) e.t = raw.text;
    else e.b = raw.bytes!.toString('base64');
    if (raw.eol !== Eol.Lf) e.e = raw.eol as 1 | 2;
    if (raw.stream === 'stderr') e.o = 1;
    if (this.#entries.length === 0) this.#entriesSince = now;
    this.#entries.push(e);
    this.#entriesBytes += (raw.text !== null ? raw.text.length : raw.bytes!.length) + LINE_COST;
    this.stats.lines++;
    if (this.listening) {
      const entry: ReplayEntry = {
        seq,
        stream: raw.stream,
        eol: raw.eol,
        at: raw.at,
        text: raw.text,
        bytes: raw.bytes,
      };
      if (repeat) entry.repeat = true;
      this.#o.onEntry?.(entry);
    }
    const p = this.#o.policy;
    if (this.#entriesBytes >= p.maxBytes) this.#flushAll(now);
  }

  /**
   * Whenever anything is written, everything held is written with it, so that what is persisted is
   * always a prefix of the stream: after a crash, nothing readable has a hole before it.
   */
  #flushAll(now: number): void {
    for (const b of this.#open.values()) if (b.count > b.flushedCount) this.#flushPart(b, now);
    this.#flushLines();
  }

  #flushPart(b: OpenBlock, now: number): void {
    const rec = b.toRecord(b.flushedCount, false);
    const no = this.#put(RecordKind.Block, rec.s[0]!, lastSeq(rec.s), encodeBlock(rec), false);
    b.partRecordNos.push(no);
    b.markFlushed(now);
  }

  #closeBlock(b: OpenBlock, done: boolean): void {
    const h = b.header;
    this.#open.delete(h.messageId + '\u0000' + h.index + '\u0000' + (h.parent ?? MAIN));
    if (this.#last === b) this.#last = null;
    const rec = b.toRecord(0, done);
    this.#put(RecordKind.Block, rec.s[0]!, lastSeq(rec.s), encodeBlock(rec), true);
    if (b.partRecordNos.length > 0) this.#o.sink.del(b.partRecordNos);
  }

  #flushLines(): void {
    if (this.#entries.length === 0) return;
    const e = this.#entries;
    this.#put(RecordKind.Lines, e[0]!.s, e[e.length - 1]!.s, encodeLines(e), true);
    this.#entries = [];
    this.#entriesBytes = 0;
  }

  #put(kind: RecordKind, seqFirst: number, seqLast: number, body: string, final: boolean): number {
    const no = this.#nextRecordNo++;
    this.#o.sink.put(no, kind, seqFirst, seqLast, body, final);
    this.stats.recordsWritten++;
    return no;
  }
}

function lastSeq(diffs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < diffs.length; i++) s += diffs[i]!;
  return s;
}
