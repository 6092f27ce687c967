// The `folded` format: like `deltas`, but each content block channel is one line carrying its whole
// text, placed at the seq of its last delta. A client folding lines (the web UI's conversation builder)
// gets the same result from far fewer lines (25,000 deltas → a few hundred), and resuming the live
// stream after the returned `lastSeq` adds exactly the deltas that came later.
import type { AgentFormat } from '../formats/format.js';
import { diffDecode } from '../fold/open-block.js';
import type { BlockRecord, LogRecord } from '../records/types.js';
import type { ReplayEntry } from './entry.js';
import { expandRecords } from './expand.js';
import { syntheticUuid } from './synthetic-uuid.js';
import { Eol } from '../ingest/line.js';

interface Channel {
  text: string;
  lastSeq: number;
  lastAt: number;
  extras: number[];
}

export function foldedEntries(records: readonly LogRecord[], format: AgentFormat | null): ReplayEntry[] {
  const lines = expandRecords(records.filter((r) => r.k === 'l'), format);
  const blocks = new Map<number, BlockRecord[]>();
  for (const r of records) if (r.k === 'b') (blocks.get(r.bn) ?? blocks.set(r.bn, []).get(r.bn)!).push(r);
  const out = lines;
  for (const parts of blocks.values()) out.push(...foldBlock(parts, format!));
  return out.sort((a, b) => a.seq - b.seq);
}

function foldBlock(parts: BlockRecord[], format: AgentFormat): ReplayEntry[] {
  parts.sort((a, b) => a.d0 - b.d0 || b.n - a.n);
  const first = parts[0]!;
  const channels = parts.length === 1 ? wholeBlock(first) : mergeParts(parts);
  const out: ReplayEntry[] = [];
  for (const [key, ch] of channels) {
    const [deltaType, field] = key.split('\u0000') as [string, string];
    const text = format.renderDelta({ template: first.tp, sessionId: first.sid, parent: first.p, index: first.i, deltaType, field, payload: ch.text, extras: ch.extras, uuid: syntheticUuid(ch.lastSeq) });
    out.push({ seq: ch.lastSeq, stream: 'stdout', eol: Eol.Lf, at: ch.lastAt, text, bytes: null });
  }
  return out;
}

/** One record holds the block (the usual case once complete): its texts are the channels' texts. */
function wholeBlock(r: BlockRecord): Map<string, Channel> {
  const seqs = diffDecode(r.s);
  const ats = diffDecode(r.a);
  const extras = r.ex?.map(diffDecode) ?? [];
  const channels = new Map<string, Channel>();
  for (let c = 0; c < r.ch.length; c++) {
    // The channel's last delta gives its position, arrival and extra fields.
    let last = r.n - 1;
    if (r.c !== undefined) while (last >= 0 && r.c[last] !== c) last--;
    if (last < 0) continue;
    channels.set(r.ch[c]! + '\u0000' + r.f[c]!, { text: r.x[c]!, lastSeq: seqs[last]!, lastAt: ats[last]!, extras: extras.map((col) => col[last]!) });
  }
  return channels;
}

function mergeParts(parts: BlockRecord[]): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  const seen = new Set<number>();
  for (const p of parts) {
    const seqs = diffDecode(p.s);
    const ats = diffDecode(p.a);
    const extras = p.ex?.map(diffDecode) ?? [];
    const offsets = p.ch.map(() => 0);
    for (let i = 0; i < p.n; i++) {
      const c = p.c?.[i] ?? 0;
      const start = offsets[c]!;
      offsets[c] = start + p.l[i]!;
      if (seen.has(seqs[i]!)) continue;
      seen.add(seqs[i]!);
      const key = p.ch[c]! + '\u0000' + p.f[c]!;
      const ch = channels.get(key) ?? channels.set(key, { text: '', lastSeq: -1, lastAt: 0, extras: [] }).get(key)!;
      ch.text += p.x[c]!.slice(start, start + p.l[i]!);
      ch.lastSeq = seqs[i]!;
      ch.lastAt = ats[i]!;
      ch.extras = extras.map((col) => col[i]!);
    }
  }
  return channels;
}
