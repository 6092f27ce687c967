// Expands stored records into the original line sequence (folded lines regenerated), ordered by seq.
import { Eol } from '../ingest/line.js';
import { Escape, jsonText } from '../records/json-text.js';
import { SkeletonReader } from '../records/skeleton.js';
import type { BlockRecord, LinesRecord, LogRecord } from '../records/types.js';
import { diffDecode } from '../fold/open-block.js';
import type { ReplayEntry } from './entry.js';

export interface ExpandOptions {
  /** Only entries with a greater seq. */
  afterSeq?: number;
  /** Keep exact repeats of deltas (the `raw` view); other views leave them out. */
  repeats?: boolean;
}

/**
 * Records may overlap (an open block's parts plus its completed record, or a live snapshot): every seq
 * has one meaning, so each is kept once.
 */
export function expandRecords(records: readonly LogRecord[], o: ExpandOptions = {}): ReplayEntry[] {
  const afterSeq = o.afterSeq ?? -1;
  const bySeq = new Map<number, ReplayEntry>();
  for (const r of records) {
    if (r.k === 'l') expandLines(r, afterSeq, o.repeats === true, bySeq);
    else expandBlock(r, afterSeq, bySeq);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function expandLines(r: LinesRecord, afterSeq: number, repeats: boolean, out: Map<number, ReplayEntry>): void {
  for (const e of r.e) {
    if (e.s <= afterSeq || out.has(e.s) || (e.d === 1 && !repeats)) continue;
    const entry: ReplayEntry = {
      seq: e.s,
      stream: e.o === 1 ? 'stderr' : 'stdout',
      eol: (e.e ?? Eol.Lf) as Eol,
      at: e.a,
      text: e.t ?? null,
      bytes: e.t === undefined ? Buffer.from(e.b ?? '', 'base64') : null,
    };
    if (e.d === 1) entry.repeat = true;
    out.set(e.s, entry);
  }
}

function expandBlock(r: BlockRecord, afterSeq: number, out: Map<number, ReplayEntry>): void {
  const seqs = diffDecode(r.s);
  if (seqs[seqs.length - 1]! <= afterSeq) return;
  const ats = diffDecode(r.a);
  eachBlockLine(r, (i, text) => {
    const seq = seqs[i]!;
    if (seq > afterSeq && !out.has(seq)) out.set(seq, { seq, stream: 'stdout', eol: (r.e?.[i] ?? Eol.Lf) as Eol, at: ats[i]!, text, bytes: null });
  });
}

/** Regenerates every line of a block record in item order: its skeleton with the payload's JSON text in the hole. */
export function eachBlockLine(r: BlockRecord, line: (item: number, text: string) => void): void {
  const q = r.q;
  walkBlock(r, (i, ch, reader, start, len) => line(i, reader.hasHole ? reader.line(jsonText(r.x[ch]!.slice(start, start + len), (q?.[i] ?? Escape.Json) as Escape)) : reader.line('')));
}

/**
 * Walks a block record's items in order, each channel's skeleton reader positioned at the item; `start`
 * and `len` locate the item's payload in its channel's text. Returns the readers (at each channel's last item).
 */
export function walkBlock(r: BlockRecord, visit: (item: number, ch: number, reader: SkeletonReader, start: number, len: number) => void): SkeletonReader[] {
  const readers = r.ch.map((_, c) => new SkeletonReader(r.kb?.[c]));
  const offsets = r.ch.map(() => 0);
  const cursor: [number, number] = [0, 0];
  const { sk, kt, l, c: channels } = r;
  for (let i = 0; i < r.n; i++) {
    const ch = channels?.[i] ?? 0;
    const reader = readers[ch]!;
    reader.apply(sk, kt, cursor);
    const start = offsets[ch]!;
    offsets[ch] = start + l[i]!;
    visit(i, ch, reader, start, l[i]!);
  }
  return readers;
}
