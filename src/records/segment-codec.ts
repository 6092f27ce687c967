// Packs finished records into compressed segments, and unpacks stored rows back into records.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompress, brotliDecompressSync, constants } from 'node:zlib';
import { decodeRecord, frame, unframe } from './record-codec.js';
import { RecordKind, type LogRecord, type StoredRecord } from './types.js';

/** Uncompressed bytes per segment: a 25,000-delta run fits in a handful, and a reader can decode one
 * segment while the next decompresses (4 MB segments read ~15% slower, for 1% smaller files). */
export const SEGMENT_TARGET_BYTES = 1024 * 1024;

// Quality 1 with a 4 MB window: on agent output it compresses ~8× at ~380 MB/s and decompresses at
// ~450 MB/s; quality 5 gains 20% in size but compresses 11× slower (it was most of ingest time).
const BROTLI_PARAMS = {
  // Async (thread pool) calls hand data back in chunks of this size: at the default 16 KB, the
  // round trips tripled decompression time of a 4 MB segment.
  chunkSize: 1 << 20,
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 1,
    [constants.BROTLI_PARAM_LGWIN]: 22,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};

export function compressSegment(bodies: string[]): Buffer {
  return brotliCompressSync(frame(bodies), BROTLI_PARAMS);
}

const compressAsync = promisify(brotliCompress);
const decompressAsync = promisify(brotliDecompress);

/** Compresses on libuv's thread pool: the event loop (live streams) and the parser keep running. */
export function compressSegmentAsync(bodies: string[]): Promise<Buffer> {
  return compressAsync(frame(bodies), BROTLI_PARAMS);
}

// Segments decompressing at once: with this thread decoding, two keep both cores busy (measured: 1 lane
// left this thread idle a third of a read; 4 made the first segment arrive last).
const DECOMPRESS_LANES = 2;

/**
 * Decodes rows. Segments decompress in order on the thread pool, DECOMPRESS_LANES at a time, and each
 * is decoded here as soon as it is ready, while the next ones decompress.
 */
export async function decodeStoredRecordsAsync(rows: readonly Pick<StoredRecord, 'kind' | 'body'>[]): Promise<LogRecord[]> {
  const lanes: Promise<unknown>[] = new Array(DECOMPRESS_LANES).fill(Promise.resolve());
  let lane = 0;
  const texts = rows.map((r) => {
    if (r.kind !== RecordKind.Segment) return null;
    const body = r.body as Buffer;
    const next = lanes[lane]!.then(() => decompressAsync(body, { chunkSize: outputChunkSize(body) }));
    // Awaited in order below; if an earlier one fails, the later ones must not become unhandled rejections.
    next.catch(() => {});
    lanes[lane] = next.catch(() => {});
    lane = (lane + 1) % DECOMPRESS_LANES;
    return next;
  });
  const out: LogRecord[] = [];
  for (let i = 0; i < rows.length; i++) {
    const t = texts[i];
    if (t) for (const body of unframe(await t)) out.push(decodeRecord(body));
    else for (const rec of decodeStoredRecord(rows[i]!)) out.push(rec);
  }
  return out;
}

/**
 * Output chunk for decompressing a segment: large enough that one chunk usually holds it all (agent
 * output compresses 5–10×), so a segment is one thread-pool job with no final concatenation.
 */
function outputChunkSize(compressed: Buffer): number {
  return Math.min(32 << 20, Math.max(64 << 10, compressed.length * 12));
}

/** Decodes one stored row into records (a segment holds many, newline-separated). */
export function decodeStoredRecord(row: Pick<StoredRecord, 'kind' | 'body'>): LogRecord[] {
  if (row.kind === RecordKind.Segment) {
    return unframe(brotliDecompressSync(row.body as Buffer)).map(decodeRecord);
  }
  return [decodeRecord(typeof row.body === 'string' ? row.body : row.body.toString('utf8'))];
}
