// Accumulates the items of one content block (its deltas and the progress lines interleaved with them)
// and renders them as block records (parts or whole).
import type { DeltaLine } from '../formats/format.js';
import type { Eol } from '../ingest/line.js';
import { Escape } from '../records/json-text.js';
import { SkeletonWriter, type SkeletonBase } from '../records/skeleton.js';
import type { BlockRecord } from '../records/types.js';
import { diffCode } from '../records/diff-code.js';

export interface BlockHeader {
  bn: number;
  messageId: string;
  index: number;
  parent: string | null;
  blockType?: string;
  toolName?: string;
  toolId?: string;
}

/** The channel of progress lines (no payload). */
const PROGRESS = '';

export class OpenBlock {
  readonly header: BlockHeader;
  readonly channels: string[] = [];
  readonly fields: string[] = [];
  /** Per channel: payload chunks (joined lazily when a record is built). */
  readonly #texts: string[][] = [];
  readonly #writers: SkeletonWriter[] = [];
  readonly #channel: number[] = [];
  readonly #lengths: number[] = [];
  readonly #seqs: number[] = [];
  readonly #arrivals: number[] = [];
  /** Line terminators and payload escapings, each allocated at the first item that is not the usual. */
  #eols: number[] | null = null;
  #escapes: number[] | null = null;
  /** Skeleton scripts (flat) and their texts, with where each item's start. */
  readonly #sk: number[] = [];
  readonly #kt: string[] = [];
  readonly #skAt: number[] = [];
  readonly #ktAt: number[] = [];
  /** Each channel's skeleton at the last flush: where the next part starts. */
  #bases: SkeletonBase[] = [];
  /** Items already persisted as parts, their record numbers, and payload bytes since the last flush. */
  flushedCount = 0;
  readonly partRecordNos: number[] = [];
  bytesSinceFlush = 0;
  openedAt: number;
  lastFlushAt: number;

  constructor(header: BlockHeader, now: number) {
    this.header = header;
    this.openedAt = now;
    this.lastFlushAt = now;
  }

  get count(): number {
    return this.#lengths.length;
  }

  /** A delta line: `payload` is the value of the JSON string at line[start, end). */
  addDelta(
    line: string,
    d: Pick<DeltaLine, 'start' | 'end' | 'deltaType' | 'field' | 'payload' | 'escape'>,
    seq: number,
    at: number,
    eol: Eol,
  ): void {
    const ch = this.#channelOf(d.deltaType, d.field);
    const payload = d.payload;
    this.#texts[ch]!.push(payload);
    if (d.escape !== Escape.Json && this.#escapes === null)
      this.#escapes = new Array<number>(this.count).fill(Escape.Json);
    this.#escapes?.push(d.escape);
    this.#item(ch, line.slice(0, d.start), line.slice(d.end), payload.length, seq, at, eol);
    this.bytesSinceFlush += payload.length;
  }

  /** A progress line kept whole at its position among the deltas. */
  addProgress(line: string, seq: number, at: number, eol: Eol): void {
    this.#escapes?.push(Escape.Json);
    this.#item(this.#channelOf(PROGRESS, PROGRESS), line, null, 0, seq, at, eol);
    this.bytesSinceFlush += line.length;
  }

  #item(
    ch: number,
    head: string,
    tail: string | null,
    length: number,
    seq: number,
    at: number,
    eol: Eol,
  ): void {
    const i = this.#lengths.length;
    this.#skAt.push(this.#sk.length);
    this.#ktAt.push(this.#kt.length);
    this.#writers[ch]!.write(head, tail, this.#sk, this.#kt);
    this.#channel.push(ch);
    this.#lengths.push(length);
    this.#seqs.push(seq);
    this.#arrivals.push(at);
    if (eol !== 0 /* Eol.Lf */ && this.#eols === null) this.#eols = new Array<number>(i).fill(0);
    this.#eols?.push(eol);
  }

  /** Records that the items so far are persisted. */
  markFlushed(now: number): void {
    this.flushedCount = this.count;
    this.bytesSinceFlush = 0;
    this.lastFlushAt = now;
    this.#bases = this.#writers.map((w) => w.base());
  }

  /** Builds a record for items [from, count): the whole block (from 0) or its unflushed part. */
  toRecord(from: number, done: boolean): BlockRecord {
    if (from !== 0 && from !== this.flushedCount)
      throw new Error('a block record starts at the block or at its last flush');
    const to = this.count;
    const h = this.header;
    const x = this.channels.map(() => '');
    // Offsets of `from` within each channel's chunk list.
    const chunkIndex = this.channels.map(() => 0);
    for (let i = 0; i < from; i++) chunkIndex[this.#channel[i]!]!++;
    for (let c = 0; c < this.channels.length; c++) {
      const chunks = this.#texts[c]!;
      x[c] = chunks.slice(chunkIndex[c], chunkIndex[c]! + countFrom(this.#channel, from, to, c)).join('');
    }
    const rec: BlockRecord = {
      k: 'b',
      bn: h.bn,
      m: h.messageId,
      i: h.index,
      p: h.parent,
      ch: this.channels.slice(),
      f: this.fields.slice(),
      x,
      d0: from,
      n: to - from,
      l: this.#lengths.slice(from, to),
      s: diffCode(this.#seqs, from, to),
      a: diffCode(this.#arrivals, from, to),
      sk: from === 0 ? this.#sk.slice() : this.#sk.slice(this.#skAt[from] ?? this.#sk.length),
      kt: (from === 0 ? this.#kt : this.#kt.slice(this.#ktAt[from] ?? this.#kt.length)).join(''),
      done: done ? 1 : 0,
    };
    if (h.blockType !== undefined) rec.bt = h.blockType;
    if (h.toolName !== undefined) rec.tn = h.toolName;
    if (h.toolId !== undefined) rec.ti = h.toolId;
    if (this.channels.length > 1) rec.c = this.#channel.slice(from, to);
    if (this.#eols !== null) rec.e = this.#eols.slice(from, to);
    if (this.#escapes !== null) rec.q = this.#escapes.slice(from, to);
    if (from > 0) rec.kb = this.channels.map((_, c) => this.#bases[c] ?? null);
    return rec;
  }

  #channelOf(deltaType: string, field: string): number {
    for (let i = 0; i < this.channels.length; i++)
      if (this.channels[i] === deltaType && this.fields[i] === field) return i;
    this.channels.push(deltaType);
    this.fields.push(field);
    this.#texts.push([]);
    this.#writers.push(new SkeletonWriter());
    return this.channels.length - 1;
  }
}

function countFrom(channels: number[], from: number, to: number, c: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (channels[i] === c) n++;
  return n;
}
