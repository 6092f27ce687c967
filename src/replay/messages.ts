// The `messages` format: folded records in order — one item per content block, one per other line.
import { blockFirstSeq } from '../records/block-codec.js';
import type { BlockRecord, LogRecord } from '../records/types.js';
import type { StreamName } from '../ingest/line.js';
import type { ReplayEntry } from './entry.js';

export interface BlockMessage {
  seq: number;
  type: 'block';
  messageId: string;
  index: number;
  parent: string | null;
  blockType: string | null;
  toolName?: string;
  toolId?: string;
  /** Payload per field: `text`, `thinking`, `signature`, `partial_json`, ... */
  content: Record<string, string>;
  /** Tool input parsed from the streamed partial JSON, when complete. */
  input?: unknown;
  deltas: number;
  complete: boolean;
}

export interface LineMessage {
  seq: number;
  type: 'line';
  stream: StreamName;
  text: string;
  binary?: true;
}

export type Message = BlockMessage | LineMessage;

/** The channel of progress lines folded into a block (no content). */
const PROGRESS = '';

/** A line as the `messages` format shows it (a run of lines alone is paged as its lines, line-history.ts). */
export function toLineMessage(e: ReplayEntry): LineMessage {
  const m: LineMessage = {
    seq: e.seq,
    type: 'line',
    stream: e.stream,
    text: e.text ?? e.bytes!.toString('utf8'),
  };
  if (e.text === null) m.binary = true;
  return m;
}

export function toMessages(records: readonly LogRecord[], afterSeq = -1): Message[] {
  const blocks = new Map<number, BlockRecord[]>();
  const out: Message[] = [];
  const seenLines = new Set<number>();
  for (const r of records) {
    if (r.k === 'b') {
      const list = blocks.get(r.bn);
      if (list) list.push(r);
      else blocks.set(r.bn, [r]);
      continue;
    }
    for (const e of r.e) {
      if (e.s <= afterSeq || seenLines.has(e.s)) continue;
      seenLines.add(e.s);
      const m: LineMessage = {
        seq: e.s,
        type: 'line',
        stream: e.o === 1 ? 'stderr' : 'stdout',
        text: e.t ?? Buffer.from(e.b ?? '', 'base64').toString('utf8'),
      };
      if (e.t === undefined) m.binary = true;
      out.push(m);
    }
  }
  for (const parts of blocks.values()) {
    const m = mergeBlock(parts);
    if (m.seq > afterSeq) out.push(m);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Joins a block's records (parts of an open block, or one complete record) into one message. */
function mergeBlock(parts: BlockRecord[]): BlockMessage {
  parts.sort((a, b) => a.d0 - b.d0 || b.n - a.n);
  const first = parts[0]!;
  const content: Record<string, string> = {};
  let covered = 0;
  let complete = false;
  if (parts.length === 1 && first.d0 === 0) {
    // The usual case once a block is complete: one record, whose texts are the block's texts.
    first.f.forEach((field, c) => {
      if (first.ch[c] !== PROGRESS) content[field] = first.x[c]!;
    });
    covered = first.n;
    complete = first.done === 1;
  } else
    for (const p of parts) {
      complete ||= p.done === 1;
      if (p.d0 + p.n <= covered) continue;
      // Skip the deltas of this record that an earlier (overlapping) record already covered.
      const skip = covered - p.d0;
      const offsets = p.ch.map(() => 0);
      for (let i = 0; i < p.n; i++) {
        const ch = p.c?.[i] ?? 0;
        const start = offsets[ch]!;
        offsets[ch] = start + p.l[i]!;
        if (i < skip || p.ch[ch] === PROGRESS) continue;
        const field = p.f[ch]!;
        content[field] = (content[field] ?? '') + p.x[ch]!.slice(start, start + p.l[i]!);
      }
      covered = p.d0 + p.n;
    }
  const m: BlockMessage = {
    seq: blockFirstSeq(first),
    type: 'block',
    messageId: first.m,
    index: first.i,
    parent: first.p,
    blockType: first.bt ?? null,
    content,
    deltas: covered - progressItems(parts),
    complete,
  };
  if (first.tn !== undefined) m.toolName = first.tn;
  if (first.ti !== undefined) m.toolId = first.ti;
  if (content.partial_json !== undefined) {
    try {
      m.input = JSON.parse(content.partial_json);
    } catch {
      /* still streaming or truncated: only the text is known */
    }
  }
  return m;
}

/** Progress lines among a block's items (parts of one block agree on channel numbering from the start). */
function progressItems(parts: BlockRecord[]): number {
  let n = 0;
  let covered = 0;
  for (const p of parts) {
    const c = p.ch.indexOf(PROGRESS);
    if (c < 0 || p.d0 + p.n <= covered) continue;
    for (let i = Math.max(0, covered - p.d0); i < p.n; i++) if ((p.c?.[i] ?? 0) === c) n++;
    covered = p.d0 + p.n;
  }
  return n;
}
