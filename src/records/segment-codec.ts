// Packs finished records into compressed segments, and unpacks stored rows back into records.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompress, brotliDecompressSync, constants } from 'node:zlib';
import { decodeRecord, frame, unframe } from './record-codec.js';
import { segmentInflater } from './segment-inflater.js';
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

/** Compresses on libuv's thread pool: the event loop (live streams) and the parser keep running. */
export function compressSegmentAsync(bodies: string[]): Promise<Buffer> {
  return compressAsync(frame(bodies), BROTLI_PARAMS);
}

/**
 * Decodes rows. Segments decompress in order off this thread, and each is decoded here as soon as it
 * is ready, while the next ones decompress. Off this thread means the segment inflater's worker when a
 * long-lived reader has started it (cheapest per segment), else libuv's thread pool, two at a time
 * (one left this thread idle; four made the first segment arrive last). A small total is decompressed
 * here: not worth a hop.
 */
export async function decodeStoredRecordsAsync(rows: readonly Pick<StoredRecord, 'kind' | 'body'>[]): Promise<LogRecord[]> {
  let compressed = 0;
  for (const r of rows) if (r.kind === RecordKind.Segment) compressed += r.body.length;
  const out: LogRecord[] = [];
  if (compressed < INFLATE_HERE_BELOW) {
    for (const r of rows) for (const rec of decodeStoredRecord(r)) out.push(rec);
    return out;
  }
  const inflate = segmentInflater.started ? (b: Buffer) => segmentInflater.inflate(b, outputChunkSize(b)) : poolInflater();
  const texts = rows.map((r) => {
    if (r.kind !== RecordKind.Segment) return null;
    const p = inflate(r.body as Buffer);
    // Awaited in order below; if an earlier one fails, the later ones must not become unhandled rejections.
    p.catch(() => {});
    return p;
  });
  for (let i = 0; i < rows.length; i++) {
    const t = texts[i];
    if (t) for (const body of unframe(await t)) out.push(decodeRecord(body));
    else for (const rec of decodeStoredRecord(rows[i]!)) out.push(rec);
  }
  return out;
}

const decompressAsync = promisify(brotliDecompress);

/** Decompression on the thread pool, in order, two at a time. */
function poolInflater(): (b: Buffer) => Promise<Buffer> {
  const lanes: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let lane = 0;
  return (body) => {
    const next = lanes[lane]!.then(() => decompressAsync(body, { chunkSize: outputChunkSize(body) }));
    lanes[lane] = next.catch(() => {});
    lane ^= 1;
    return next;
  };
}

/** Compressed bytes under which segments are decompressed on this thread (~1 ms of work). */
const INFLATE_HERE_BELOW = 64 * 1024;

/**
 * Output chunk for decompressing a segment: large enough that one chunk usually holds it all (agent
 * output compresses 5–10×), so a segment comes out in one piece, with no final concatenation.
 */
function outputChunkSize(compressed: Buffer): number {
  return Math.min(32 << 20, Math.max(64 << 10, compressed.length * 12));
}

/** Decodes one stored row into records (a segment holds many, newline-separated). */
export function decodeStoredRecord(row: Pick<StoredRecord, 'kind' | 'body'>): LogRecord[] {
  if (row.kind === RecordKind.Segment) {
    return unframe(brotliDecompressSync(row.body as Buffer, { chunkSize: outputChunkSize(row.body as Buffer) })).map(decodeRecord);
  }
  return [decodeRecord(typeof row.body === 'string' ? row.body : row.body.toString('utf8'))];
}
