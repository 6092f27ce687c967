// The conversation of a run whose output is plain text (LineHistory.plainText): one raw entry per line,
// exactly what ConversationBuilder makes of it, read window by window from the stored rows instead of
// built whole. Entry i is the i-th line of the `deltas` view.
import type { RawEntry } from '../conversation/types.js';
import { pageWindow, windowPage, type ConversationPage, type PageQuery } from './conversation-page.js';
import type { ReplayEntry } from './entry.js';
import type { LineHistory } from './line-history.js';
import { slicer } from '../util/turns.js';

function rawEntry(l: ReplayEntry): RawEntry {
  let text = l.text ?? l.bytes!.toString('utf8');
  // The builder drops a byte order mark before a line.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { kind: 'raw', id: `e${l.seq}`, parent: null, seq: l.seq, stream: l.stream, text };
}

/** Top-level entries [start, end) of the run, in windows. */
async function* entriesIn(h: LineHistory, start: number, end: number): AsyncGenerator<RawEntry[]> {
  const turn = slicer();
  for await (const lines of h.lines(start, end, false)) {
    yield lines.map(rawEntry);
    await turn();
  }
}

const lastSeqOf = (h: LineHistory) => {
  const seqs = h.seqs(false);
  return seqs.length > 0 ? seqs.at(seqs.length - 1) : -1;
};

export async function plainPage(h: LineHistory, q: PageQuery): Promise<ConversationPage> {
  const total = h.seqs(false).length;
  const { start, end } = pageWindow(total, q);
  const items: RawEntry[] = [];
  for await (const piece of entriesIn(h, start, end)) for (const x of piece) items.push(x);
  return windowPage(items, start, total, lastSeqOf(h), q);
}

export function plainEntries(h: LineHistory): { pieces: AsyncIterable<RawEntry[]>; lastSeq: number } {
  return { pieces: entriesIn(h, 0, h.seqs(false).length), lastSeq: lastSeqOf(h) };
}

/** As searchConversation: entries whose text holds `q` (case-insensitive), the first `limit` of them, and the count. */
export async function searchPlain(
  h: LineHistory,
  q: string,
  limit: number,
): Promise<{ hits: { index: number; id: string; seq: number }[]; count: number; total: number }> {
  const needle = q.toLowerCase();
  const hits: { index: number; id: string; seq: number }[] = [];
  let count = 0;
  let index = 0;
  const total = h.seqs(false).length;
  for await (const piece of entriesIn(h, 0, total))
    for (const e of piece) {
      if (e.text.toLowerCase().includes(needle)) {
        count++;
        if (hits.length < limit) hits.push({ index, id: e.id, seq: e.seq });
      }
      index++;
    }
  return { hits, count, total };
}
