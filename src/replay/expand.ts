// Expands stored records into the original line sequence (folded lines regenerated), ordered by seq.
import { Eol } from '../ingest/line.js';
import { Escape, jsonText } from '../records/json-text.js';
import { SkeletonReader } from '../records/skeleton.js';
import type { BlockRecord, LinesRecord, LogRecord } from '../records/types.js';
import { diffDecode } from '../records/diff-code.js';
import type { ReplayEntry } from './entry.js';

export interface ExpandOptions {
  /** Only entries with a greater seq, and (`toSeq`) not greater than this one. */
  afterSeq?: number;
  toSeq?: number;
  /** Keep exact repeats of deltas (the `raw` view); other views leave them out. */
  repeats?: boolean;
}

/**
 * Records may overlap (an open block's parts plus its completed record, or a live snapshot): every seq
 * has one meaning, so each is kept once.
 */
export function expandRecords(records: readonly LogRecord[], o: ExpandOptions = {}): ReplayEntry[] {
  const afterSeq = o.afterSeq ?? -1;
  const toSeq = o.toSeq ?? Number.MAX_SAFE_INTEGER;
  const bySeq = new Map<number, ReplayEntry>();
  for (const r of records) {
    if (r.k === 'l') expandLines(r, afterSeq, toSeq, o.repeats === true, bySeq);
    else expandBlock(r, afterSeq, toSeq, bySeq);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function expandLines(
  r: LinesRecord,
  afterSeq: number,
  toSeq: number,
  repeats: boolean,
  out: Map<number, ReplayEntry>,
): void {
  const entries = r.e;
  // Entries are in seq order: start at the first one past afterSeq.
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.s <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.s > toSeq) break;
    if (out.has(e.s) || (e.d === 1 && !repeats)) continue;
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

function expandBlock(r: BlockRecord, afterSeq: number, toSeq: number, out: Map<number, ReplayEntry>): void {
  const seqs = diffDecode(r.s);
  if (seqs.length === 0 || seqs[seqs.length - 1]! <= afterSeq || seqs[0]! > toSeq) return;
  const ats = diffDecode(r.a);
  const q = r.q;
  walkBlock(r, (i, ch, reader, start, len) => {
    const seq = seqs[i]!;
    if (seq <= afterSeq || seq > toSeq || out.has(seq)) return;
    const text = reader.hasHole
      ? reader.line(jsonText(r.x[ch]!.slice(start, start + len), (q?.[i] ?? Escape.Json) as Escape))
      : reader.line('');
    out.set(seq, { seq, stream: 'stdout', eol: (r.e?.[i] ?? Eol.Lf) as Eol, at: ats[i]!, text, bytes: null });
  });
}

/**
 * The seqs of every line a view shows (repeats only with `repeats`), sorted and each once: what a page
 * of a long history is cut from before only its lines are regenerated.
 */
export function visibleSeqs(records: readonly LogRecord[], repeats: boolean): Float64Array {
  let n = 0;
  for (const r of records) n += r.k === 'l' ? r.e.length : r.n;
  const out = new Float64Array(n);
  let k = 0;
  let sorted = true;
  for (const r of records) {
    if (r.k === 'l') {
      for (const e of r.e)
        if (repeats || e.d !== 1) ((sorted &&= k === 0 || out[k - 1]! < e.s), (out[k++] = e.s));
    } else {
      let s = 0;
      for (const d of r.s) ((s += d), (sorted &&= k === 0 || out[k - 1]! < s), (out[k++] = s));
    }
  }
  const all = out.subarray(0, k);
  if (sorted) return all;
  all.sort();
  // Overlapping records (an open block's parts and a snapshot) hold some seqs twice.
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i]!;
  return all.subarray(0, u);
}

/** Regenerates every line of a block record in item order: its skeleton with the payload's JSON text in the hole. */
export function eachBlockLine(r: BlockRecord, line: (item: number, text: string) => void): void {
  const q = r.q;
  walkBlock(r, (i, ch, reader, start, len) =>
    line(
      i,
      reader.hasHole
        ? reader.line(jsonText(r.x[ch]!.slice(start, start + len), (q?.[i] ?? Escape.Json) as Escape))
        : reader.line(''),
    ),
  );
}

/**
 * Walks a block record's items in order, each channel's skeleton reader positioned at the item; `start`
 * and `len` locate the item's payload in its channel's text. Returns the readers (at each channel's last item).
 */
export function walkBlock(
  r: BlockRecord,
  visit: (item: number, ch: number, reader: SkeletonReader, start: number, len: number) => void,
): SkeletonReader[] {
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
