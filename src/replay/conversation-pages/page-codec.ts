// Conversation pages: a finished run's top-level entries cut into pages of at most PAGE_ENTRIES entries (and
// about PAGE_BYTES of JSON), each compressed, behind a header that says where each page starts. Record 0 is the
// header, record p + 1 page p: the last screen of any run is the header and one or two pages. A run whose
// conversation is one page has only a header saying so: it is built on open (a few milliseconds), and pages
// repeat the run's text, so storing them for every small run cost a fifth of the log's bytes.
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import type { ConversationEntry } from '../../conversation/types.js';
import type { DerivedRecord } from '../../store/contract.js';

/**
 * The entries' shape and the builder's rules, as stored. Bump it whenever ConversationBuilder (or a
 * dialect) would build different entries from the same lines: pages of another version are not read
 * (the run is built from its history again and its pages replaced), so stored pages never show stale output.
 */
export const PAGES_VERSION = 2;
/** Entries per page at most: the page's first request (60) and later ones (200) touch two or three pages. */
export const PAGE_ENTRIES = 64;
/** A page is closed once its JSON reaches this many characters (a single longer entry makes a page of its own). */
export const PAGE_CHARS = 128 * 1024;

export interface PagesHeader {
  v: number;
  /** The execution the pages were built for (its number may be reused after a delete). */
  id: string;
  /** Top-level entries in the run. */
  total: number;
  lastSeq: number;
  /** Index of the first entry of each page, ascending, starting at 0. */
  starts: number[];
  /** 1: the conversation is one page and none is stored (it is built from the history on open). */
  small?: 1;
}

interface PageBody {
  start: number;
  items: ConversationEntry[];
}

/**
 * Brotli at quality 7, text mode: on the benchmarks' pages 19–22% smaller than raw deflate at level 6, and a
 * page decompresses in well under a millisecond. A 256 KB window (a page is about 128 KB): the default 4 MB
 * one made each page's encoder set up megabytes of tables, +0.4 s on `tokenfold ingest` of a 250,000-delta run.
 */
const compress = (text: string) =>
  promisify(brotliCompress)(text, {
    // One output chunk for a page (zlib's default 16 KB took a round trip to the thread pool per chunk).
    chunkSize: 256 * 1024,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 7,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
      [constants.BROTLI_PARAM_LGWIN]: 18,
    },
  });
const decompress = promisify(brotliDecompress);

/**
 * The header and page records of a built conversation. `turn` is awaited after each page; one compression runs
 * on the thread pool while the next page is serialised here (more at once starved this thread on 2 cores).
 */
export async function encodePages(
  id: string,
  items: readonly ConversationEntry[],
  lastSeq: number,
  turn: () => Promise<void> | void,
  limits: { entries: number; chars: number } = { entries: PAGE_ENTRIES, chars: PAGE_CHARS },
): Promise<DerivedRecord[]> {
  const starts: number[] = [];
  const bodies: Buffer[] = [];
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; i < items.length;) {
    const start = i;
    const parts: string[] = [];
    let chars = 0;
    while (i < items.length && i - start < limits.entries && chars < limits.chars) {
      const json = JSON.stringify(items[i]);
      parts.push(json);
      chars += json.length;
      i++;
    }
    const p = starts.push(start) - 1;
    // One page, the whole conversation: only a header saying so (the run is built on open).
    if (p === 0 && i === items.length) {
      const header: PagesHeader = {
        v: PAGES_VERSION,
        id,
        total: items.length,
        lastSeq,
        starts: [],
        small: 1,
      };
      return [{ no: 0, body: Buffer.from(JSON.stringify(header)) }];
    }
    await pending;
    pending = compress(`{"start":${start},"items":[${parts.join(',')}]}`).then((b) => void (bodies[p] = b));
    await turn();
  }
  await pending;
  const header: PagesHeader = { v: PAGES_VERSION, id, total: items.length, lastSeq, starts };
  return [
    { no: 0, body: Buffer.from(JSON.stringify(header)) },
    ...bodies.map((body, p) => ({ no: p + 1, body })),
  ];
}

/** The header in `body` if it is one of this version for execution `id`; null otherwise (pages to rebuild). */
export function decodeHeader(body: Buffer, id: string): PagesHeader | null {
  let h: PagesHeader;
  try {
    h = JSON.parse(body.toString('utf8')) as PagesHeader;
  } catch {
    return null;
  }
  return h.v === PAGES_VERSION && h.id === id && Array.isArray(h.starts) ? h : null;
}

export interface DecodedPage {
  items: ConversationEntry[];
  /** Bytes of the page's JSON (what its entries weigh in memory, roughly). */
  bytes: number;
}

/** The entries of page `p`; throws if the record is not that page (pages out of step with their header). */
export async function decodePage(body: Buffer, h: PagesHeader, p: number): Promise<DecodedPage> {
  const json = await decompress(body);
  const page = JSON.parse(json.toString('utf8')) as PageBody;
  const end = p + 1 < h.starts.length ? h.starts[p + 1]! : h.total;
  if (page.start !== h.starts[p] || page.items.length !== end - page.start)
    throw new Error(`conversation page ${p} does not match its header`);
  return { items: page.items, bytes: json.length };
}

/** The pages holding entries [start, end): [first, last + 1) page indexes (empty when the range is). */
export function pagesCovering(h: PagesHeader, start: number, end: number): [number, number] {
  if (end <= start || h.starts.length === 0) return [0, 0];
  return [pageOf(h.starts, start), pageOf(h.starts, end - 1) + 1];
}

/** The page holding entry `i` (binary search over the pages' starts). */
function pageOf(starts: readonly number[], i: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
