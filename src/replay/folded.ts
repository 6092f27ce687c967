// The `folded` format: like `deltas`, but each content block channel is one line carrying its whole
// text, placed at the seq of its last delta (a block's progress lines: its last one). A client folding
// lines (the web UI's conversation builder) gets the same result from far fewer lines (25,000 deltas → a
// few hundred), and resuming the live stream after the returned `lastSeq` adds exactly the deltas that
// came later.
import { diffDecode } from '../records/diff-code.js';
import { Eol } from '../ingest/line.js';
import { Escape, jsonText } from '../records/json-text.js';
import type { BlockRecord, LogRecord } from '../records/types.js';
import type { ReplayEntry } from './entry.js';
import { expandRecords, walkBlock } from './expand.js';

interface Channel {
  text: string;
  lastSeq: number;
  lastAt: number;
  lastEol: Eol;
  lastEscape: Escape;
  /** The line of the channel's last item with `text` in the hole. */
  render: (text: string) => string;
}

export function foldedEntries(records: readonly LogRecord[]): ReplayEntry[] {
  const out = expandRecords(records.filter((r) => r.k === 'l'));
  const blocks = new Map<number, BlockRecord[]>();
  for (const r of records) if (r.k === 'b') (blocks.get(r.bn) ?? blocks.set(r.bn, []).get(r.bn)!).push(r);
  for (const parts of blocks.values()) {
    for (const ch of foldBlock(parts))
      out.push({
        seq: ch.lastSeq,
        stream: 'stdout',
        eol: ch.lastEol,
        at: ch.lastAt,
        text: ch.render(ch.text),
        bytes: null,
      });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * As foldedEntries, with `turn` awaited between records and between blocks (see util/turns.ts): folding a
 * 250,000-delta run in one go held the event loop for 0.3 s.
 */
export async function foldedEntriesSliced(
  records: readonly LogRecord[],
  turn: () => Promise<void> | void,
): Promise<ReplayEntry[]> {
  // Records may overlap: the first one holding a seq wins, as in expandRecords.
  const bySeq = new Map<number, ReplayEntry>();
  const blocks = new Map<number, BlockRecord[]>();
  for (const r of records) {
    if (r.k === 'b') {
      (blocks.get(r.bn) ?? blocks.set(r.bn, []).get(r.bn)!).push(r);
      continue;
    }
    for (const e of expandRecords([r])) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    await turn();
  }
  const out = [...bySeq.values()];
  for (const parts of blocks.values()) {
    for (const ch of foldBlock(parts))
      out.push({
        seq: ch.lastSeq,
        stream: 'stdout',
        eol: ch.lastEol,
        at: ch.lastAt,
        text: ch.render(ch.text),
        bytes: null,
      });
    await turn();
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The channels of a block's records, overlapping parts counted once (a part and the whole block, or a live snapshot). */
function foldBlock(parts: BlockRecord[]): Channel[] {
  parts.sort((a, b) => a.d0 - b.d0 || b.n - a.n);
  const channels = new Map<string, Channel>();
  let covered = 0;
  for (const p of parts) {
    if (p.d0 + p.n <= covered) continue;
    const seqs = diffDecode(p.s);
    const ats = diffDecode(p.a);
    const keys = p.ch.map((t, c) => t + '\u0000' + p.f[c]);
    const last = new Map<number, number>();
    const readers = walkBlock(p, (i, c, _reader, start, len) => {
      if (p.d0 + i < covered) return;
      const key = keys[c]!;
      const ch =
        channels.get(key) ??
        channels
          .set(key, {
            text: '',
            lastSeq: -1,
            lastAt: 0,
            lastEol: Eol.Lf,
            lastEscape: Escape.Json,
            render: String,
          })
          .get(key)!;
      ch.text += p.x[c]!.slice(start, start + len);
      ch.lastSeq = seqs[i]!;
      ch.lastAt = ats[i]!;
      ch.lastEol = (p.e?.[i] ?? Eol.Lf) as Eol;
      ch.lastEscape = (p.q?.[i] ?? Escape.Json) as Escape;
      last.set(c, i);
    });
    for (const c of last.keys()) {
      const reader = readers[c]!;
      const head = reader.hasHole ? null : reader.line('');
      const ch = channels.get(keys[c]!)!;
      const escape = ch.lastEscape;
      ch.render = head !== null ? () => head : (text) => reader.line(jsonText(text, escape));
    }
    covered = p.d0 + p.n;
  }
  return [...channels.values()];
}
