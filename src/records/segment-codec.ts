// Packs finished records into compressed segments, and unpacks stored rows back into records.
import { promisify } from 'node:util';
import {
  brotliDecompress,
  brotliDecompressSync,
  deflateRaw,
  deflateRawSync,
  inflateRaw,
  inflateRawSync,
} from 'node:zlib';
import { decodeRecord, frame, unframe } from './record-codec.js';
import { slicer } from '../util/turns.js';
import { segmentInflater, type Codec } from './segment-inflater.js';
import { RecordKind, isSegment, type LogRecord, type StoredRecord } from './types.js';

/** Uncompressed bytes per segment: a 25,000-delta run fits in a handful, and a reader decodes one
 * segment while the next decompresses (with 4 MB segments a history read waited 9.5 ms median for the
 * first one, against 7 ms; largest benchmark execution). */
export const SEGMENT_TARGET_BYTES = 1024 * 1024;

/**
 * Raw deflate, level 6 by default. On agent output in 1 MB segments (largest benchmark execution) it
 * is both smaller and twice as fast to decompress as brotli quality 1 (684 KB vs 750 KB, 8 vs 18 ms
 * for 5.4 MB); brotli decompressed at ~300 MB/s and was most of a cold history read. Brotli at
 * qualities that match deflate's size compressed 3-4× slower.
 */
export const SEGMENT_LEVEL = 6;

// Output comes back in chunks of this size: at zlib's default 16 KB, each segment took a dozen round
// trips between the thread pool and the event loop (a tenth of the 250,000-delta ingest's main thread).
const CHUNK = 1 << 20;

/**
 * A deflate segment is `<uncompressed length: uint32 LE><raw deflate stream>`: the reader allocates the
 * output once, exactly sized, and the inflater's worker hands it over without copying it.
 */
export function compressSegment(bodies: string[], level = SEGMENT_LEVEL): Buffer {
  const raw = frame(bodies);
  return withLength(raw.length, deflateRawSync(raw, { level, chunkSize: CHUNK }));
}

const deflateAsync = promisify(deflateRaw);

/** Compresses on libuv's thread pool: the event loop (live streams) and the parser keep running. */
export async function compressSegmentAsync(bodies: string[], level = SEGMENT_LEVEL): Promise<Buffer> {
  const raw = frame(bodies);
  return withLength(raw.length, await deflateAsync(raw, { level, chunkSize: outputChunk(raw.length) }));
}

/**
 * Output chunk of a compression: zlib allocates a whole chunk per call, and the result is a slice of it.
 * A quarter of the input holds most segments' output in one chunk (agent output compresses 5-10×); a
 * fixed megabyte made compacting a `yes` run (a thousand segments of ~70 KB) allocate a gigabyte.
 */
function outputChunk(inputBytes: number): number {
  return Math.min(CHUNK, Math.max(16 * 1024, inputBytes >>> 2));
}

function withLength(length: number, stream: Buffer): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32LE(length, 0);
  return Buffer.concat([head, stream]);
}

/** What to decompress, with which codec, into an output chunk of what size. */
interface Compressed {
  codec: Codec;
  stream: Buffer;
  chunkSize: number;
  /** Exact output length, when the segment records it. */
  length: number | null;
}

function compressedOf(row: Pick<StoredRecord, 'kind' | 'body'>): Compressed {
  const body = row.body as Buffer;
  if (row.kind === RecordKind.Segment)
    return { codec: 'brotli', stream: body, chunkSize: outputChunkSize(body), length: null };
  if (body.length < 4) throw new Error('corrupt segment: no length header');
  const length = body.readUInt32LE(0);
  // zlib's minimum chunk is 64 bytes; past 64 MB a corrupt header must not allocate gigabytes.
  return {
    codec: 'deflate',
    stream: body.subarray(4),
    chunkSize: Math.min(Math.max(length, 64), 64 << 20),
    length,
  };
}

function checked(c: Compressed, out: Buffer): Buffer {
  if (c.length !== null && out.length !== c.length)
    throw new Error(`corrupt segment: ${out.length} bytes, header says ${c.length}`);
  return out;
}

/**
 * Decodes rows. Segments decompress in order off this thread, and each is decoded here as soon as it
 * is ready, while the next ones decompress. Off this thread means the segment inflater's worker when a
 * long-lived reader has started it (cheapest per segment), else libuv's thread pool, two at a time
 * (one left this thread idle; four made the first segment arrive last). A small total is decompressed
 * here: not worth a hop.
 */
export async function decodeStoredRecordsAsync(
  rows: readonly Pick<StoredRecord, 'kind' | 'body'>[],
): Promise<LogRecord[]> {
  let compressed = 0;
  for (const r of rows) if (isSegment(r.kind)) compressed += r.body.length;
  const out: LogRecord[] = [];
  if (compressed < INFLATE_HERE_BELOW) {
    for (const r of rows) for (const rec of decodeStoredRecord(r)) out.push(rec);
    return out;
  }
  const inflate = segmentInflater.started
    ? (c: Compressed) => segmentInflater.inflate(c.stream, c.codec, c.chunkSize)
    : poolInflater();
  const texts = rows.map((r) => {
    if (!isSegment(r.kind)) return null;
    const c = compressedOf(r);
    const p = inflate(c).then((out) => checked(c, out));
    // Awaited in order below; if an earlier one fails, the later ones must not become unhandled rejections.
    p.catch(() => {});
    return p;
  });
  const turn = slicer();
  for (let i = 0; i < rows.length; i++) {
    const t = texts[i];
    if (t) {
      for (const body of unframe(await t)) {
        out.push(decodeRecord(body));
        await turn();
      }
    } else for (const rec of decodeStoredRecord(rows[i]!)) out.push(rec);
  }
  return out;
}

const decompressAsync = { brotli: promisify(brotliDecompress), deflate: promisify(inflateRaw) };

/** Decompression on the thread pool, in order, two at a time. */
function poolInflater(): (c: Compressed) => Promise<Buffer> {
  const lanes: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let lane = 0;
  return (c) => {
    const next = lanes[lane]!.then(() => decompressAsync[c.codec](c.stream, { chunkSize: c.chunkSize }));
    lanes[lane] = next.catch(() => {});
    lane ^= 1;
    return next;
  };
}

/** Compressed bytes under which segments are decompressed on this thread (~1 ms of work). */
const INFLATE_HERE_BELOW = 64 * 1024;

/**
 * Output chunk for a brotli segment (no length recorded): large enough that one chunk usually holds it
 * all (agent output compresses 5–10×), so a segment comes out in one piece, with no final concatenation.
 */
function outputChunkSize(compressed: Buffer): number {
  return Math.min(32 << 20, Math.max(64 << 10, compressed.length * 12));
}

/** Decodes one stored row into records (a segment holds many, newline-separated). */
export function decodeStoredRecord(row: Pick<StoredRecord, 'kind' | 'body'>): LogRecord[] {
  if (isSegment(row.kind)) {
    const c = compressedOf(row);
    const inflate = c.codec === 'brotli' ? brotliDecompressSync : inflateRawSync;
    return unframe(checked(c, inflate(c.stream, { chunkSize: c.chunkSize }))).map(decodeRecord);
  }
  return [decodeRecord(typeof row.body === 'string' ? row.body : row.body.toString('utf8'))];
}
