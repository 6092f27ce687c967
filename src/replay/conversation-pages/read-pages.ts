// Reads stored conversation pages: the header, one page, or all of them (a whole conversation without a rebuild).
import type { ConversationEntry } from '../../conversation/types.js';
import { DerivedKind, type LogStore } from '../../store/contract.js';
import type { Execution } from '../../store/types.js';
import type { BuiltConversation } from './build.js';
import { decodeHeader, decodePage, type DecodedPage, type PagesHeader } from './page-codec.js';

const KIND = DerivedKind.ConversationPages;

/** The header of `e`'s pages, or null when it has none of this version (build them from its history). */
export async function readPagesHeader(
  store: LogStore,
  e: Pick<Execution, 'id' | 'num'>,
): Promise<PagesHeader | null> {
  const [rec] = await store.readDerived(e.num, KIND, 0, 1);
  return rec === undefined ? null : decodeHeader(rec.body, e.id);
}

/** Page `p` of `e`'s pages; throws if it is missing or out of step with the header. */
export async function readPage(
  store: LogStore,
  e: Pick<Execution, 'num'>,
  h: PagesHeader,
  p: number,
): Promise<DecodedPage> {
  const [rec] = await store.readDerived(e.num, KIND, p + 1, p + 2);
  if (rec === undefined) throw new Error(`conversation page ${p} of execution number ${e.num} is missing`);
  return decodePage(rec.body, h, p);
}

/** Every page, as the whole conversation; `turn` is awaited between pages. */
export async function readAllPages(
  store: LogStore,
  e: Pick<Execution, 'num'>,
  h: PagesHeader,
  turn: () => Promise<void> | void,
): Promise<BuiltConversation> {
  const recs = await store.readDerived(e.num, KIND, 1, h.starts.length + 1);
  if (recs.length !== h.starts.length)
    throw new Error(`conversation pages of execution number ${e.num} are missing`);
  const items: ConversationEntry[] = [];
  for (const [p, rec] of recs.entries()) {
    for (const entry of (await decodePage(rec.body, h, p)).items) items.push(entry);
    await turn();
  }
  return { items, lastSeq: h.lastSeq };
}
