// Expands stored records into the original line sequence (deltas rendered back), ordered by seq.
import type { AgentFormat } from '../formats/format.js';
import { Eol } from '../ingest/line.js';
import type { BlockRecord, LinesRecord, LogRecord } from '../records/types.js';
import { diffDecode } from '../fold/open-block.js';
import type { ReplayEntry } from './entry.js';
import { syntheticUuid } from './synthetic-uuid.js';

/**
 * Records may overlap (an open block's parts plus its completed record, or a live snapshot): every seq
 * has one meaning, so each is kept once.
 */
export function expandRecords(records: readonly LogRecord[], format: AgentFormat | null, afterSeq = -1): ReplayEntry[] {
  const bySeq = new Map<number, ReplayEntry>();
  for (const r of records) {
    if (r.k === 'l') expandLines(r, afterSeq, bySeq);
    else expandBlock(r, format, afterSeq, bySeq);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function expandLines(r: LinesRecord, afterSeq: number, out: Map<number, ReplayEntry>): void {
  for (const e of r.e) {
    if (e.s <= afterSeq || out.has(e.s)) continue;
    out.set(e.s, {
      seq: e.s,
      stream: e.o === 1 ? 'stderr' : 'stdout',
      eol: (e.e ?? Eol.Lf) as Eol,
      at: e.a,
      text: e.t ?? null,
      bytes: e.t === undefined ? Buffer.from(e.b ?? '', 'base64') : null,
    });
  }
}

function expandBlock(r: BlockRecord, format: AgentFormat | null, afterSeq: number, out: Map<number, ReplayEntry>): void {
  if (format === null) throw new Error('a block record needs an agent format to be rendered');
  const seqs = diffDecode(r.s);
  if (seqs[seqs.length - 1]! <= afterSeq) return;
  const ats = diffDecode(r.a);
  const extras = r.ex?.map(diffDecode) ?? [];
  const offsets = r.ch.map(() => 0);
  const renderers = r.ch.map((deltaType, c) => format.deltaRenderer({ template: r.tp, sessionId: r.sid, parent: r.p, index: r.i, deltaType, field: r.f[c]! }));
  const row: number[] = new Array<number>(extras.length);
  for (let i = 0; i < r.n; i++) {
    const ch = r.c?.[i] ?? 0;
    const len = r.l[i]!;
    const start = offsets[ch]!;
    offsets[ch] = start + len;
    const seq = seqs[i]!;
    if (seq <= afterSeq || out.has(seq)) continue;
    for (let w = 0; w < extras.length; w++) row[w] = extras[w]![i]!;
    const text = renderers[ch]!(r.x[ch]!.slice(start, start + len), row, syntheticUuid(seq));
    out.set(seq, { seq, stream: 'stdout', eol: Eol.Lf, at: ats[i]!, text, bytes: null });
  }
}
