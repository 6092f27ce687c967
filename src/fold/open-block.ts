// Accumulates the deltas of one content block and renders them as block records (parts or whole).
import type { AgentFormat, DeltaLine, DeltaRenderer } from '../formats/format.js';
import { syntheticUuid } from '../replay/synthetic-uuid.js';
import type { BlockRecord } from '../records/types.js';

export interface BlockHeader {
  bn: number;
  messageId: string;
  index: number;
  parent: string | null;
  blockType?: string;
  toolName?: string;
  toolId?: string;
}

export class OpenBlock {
  readonly header: BlockHeader;
  readonly sessionId: string;
  readonly template: string;
  readonly extraWidth: number;
  readonly channels: string[] = [];
  readonly fields: string[] = [];
  /** Per channel: payload chunks (joined lazily when a record is built). */
  readonly #texts: string[][] = [];
  readonly #channel: number[] = [];
  readonly #lengths: number[] = [];
  readonly #seqs: number[] = [];
  readonly #arrivals: number[] = [];
  readonly #extras: number[][] = [];
  readonly #renderers = new Map<string, DeltaRenderer>();
  /** Deltas already persisted as parts, their record numbers, and payload bytes since the last flush. */
  flushedCount = 0;
  readonly partRecordNos: number[] = [];
  bytesSinceFlush = 0;
  openedAt: number;
  lastFlushAt: number;

  constructor(header: BlockHeader, first: DeltaLine, now: number) {
    this.header = header;
    this.sessionId = first.sessionId;
    this.template = first.template;
    this.extraWidth = first.extras.length;
    this.openedAt = now;
    this.lastFlushAt = now;
  }

  get count(): number {
    return this.#lengths.length;
  }

  /** Whether a delta can join this block without losing anything when rendered back. */
  accepts(d: DeltaLine): boolean {
    return d.template === this.template && d.sessionId === this.sessionId && d.extras.length === this.extraWidth;
  }

  add(d: DeltaLine, seq: number, at: number): void {
    const ch = this.#channelOf(d.deltaType, d.field);
    this.#texts[ch]!.push(d.payload);
    this.#channel.push(ch);
    this.#lengths.push(d.payload.length);
    this.#seqs.push(seq);
    this.#arrivals.push(at);
    if (d.extras.length > 0) this.#extras.push(d.extras.slice());
    this.bytesSinceFlush += d.payload.length;
  }

  /** Renders a delta of this block for live subscribers, with a renderer compiled once per channel. */
  render(format: AgentFormat, d: DeltaLine, seq: number): string {
    const key = d.deltaType + '\u0000' + d.field;
    let r = this.#renderers.get(key);
    if (r === undefined) {
      r = format.deltaRenderer({ template: this.template, sessionId: this.sessionId, parent: this.header.parent, index: this.header.index, deltaType: d.deltaType, field: d.field });
      this.#renderers.set(key, r);
    }
    return r(d.payload, d.extras, syntheticUuid(seq));
  }

  /** Payload text of one channel so far (for the live view and assistant-line references). */
  text(channel: number): string {
    return this.#texts[channel]?.join('') ?? '';
  }

  /** Builds a record for deltas [from, count). */
  toRecord(from: number, done: boolean): BlockRecord {
    const to = this.count;
    const h = this.header;
    const multi = this.channels.length > 1;
    const x = this.channels.map(() => '');
    // Offsets of `from` within each channel's chunk list.
    const chunkIndex = this.channels.map(() => 0);
    for (let i = 0; i < from; i++) chunkIndex[this.#channel[i]!]!++;
    for (let c = 0; c < this.channels.length; c++) {
      x[c] = this.#texts[c]!.slice(chunkIndex[c], chunkIndex[c]! + countFrom(this.#channel, from, to, c)).join('');
    }
    const rec: BlockRecord = {
      k: 'b',
      bn: h.bn,
      m: h.messageId,
      i: h.index,
      p: h.parent,
      sid: this.sessionId,
      tp: this.template,
      ch: this.channels.slice(),
      f: this.fields.slice(),
      x,
      d0: from,
      n: to - from,
      l: this.#lengths.slice(from, to),
      s: diffCode(this.#seqs, from, to),
      a: diffCode(this.#arrivals, from, to),
      done: done ? 1 : 0,
    };
    if (h.blockType !== undefined) rec.bt = h.blockType;
    if (h.toolName !== undefined) rec.tn = h.toolName;
    if (h.toolId !== undefined) rec.ti = h.toolId;
    if (multi) rec.c = this.#channel.slice(from, to);
    const width = this.extraWidth;
    if (width > 0) {
      rec.ex = [];
      for (let w = 0; w < width; w++) rec.ex.push(diffCode(this.#extras.map((e) => e[w]!), from, to));
    }
    return rec;
  }

  #channelOf(deltaType: string, field: string): number {
    for (let i = 0; i < this.channels.length; i++) if (this.channels[i] === deltaType && this.fields[i] === field) return i;
    this.channels.push(deltaType);
    this.fields.push(field);
    this.#texts.push([]);
    return this.channels.length - 1;
  }
}

function countFrom(channels: number[], from: number, to: number, c: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (channels[i] === c) n++;
  return n;
}

/** First value absolute, then differences: small numbers that compress well. */
export function diffCode(values: number[], from: number, to: number): number[] {
  const out = new Array<number>(to - from);
  let prev = 0;
  for (let i = from; i < to; i++) {
    out[i - from] = values[i]! - prev;
    prev = values[i]!;
  }
  return out;
}

export function diffDecode(codes: readonly number[]): number[] {
  const out = new Array<number>(codes.length);
  let acc = 0;
  for (let i = 0; i < codes.length; i++) out[i] = acc += codes[i]!;
  return out;
}
