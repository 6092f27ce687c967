// Packs finished records into compressed segments, and unpacks stored rows back into records.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { RecordKind, type LogRecord, type StoredRecord } from './types.js';

/** Uncompressed bytes per segment; a 25,000-delta run fits in a handful. */
export const SEGMENT_TARGET_BYTES = 4 * 1024 * 1024;

const BROTLI_PARAMS = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 5,
    [constants.BROTLI_PARAM_LGWIN]: 22,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};

export function compressSegment(json: string[]): Buffer {
  return brotliCompressSync(Buffer.from(json.join('\n'), 'utf8'), BROTLI_PARAMS);
}

/** Decodes one stored row into records (a segment holds many, newline-separated). */
export function decodeStoredRecord(row: Pick<StoredRecord, 'kind' | 'body'>): LogRecord[] {
  if (row.kind === RecordKind.Segment) {
    const text = brotliDecompressSync(row.body as Buffer).toString('utf8');
    return text.split('\n').map((j) => JSON.parse(j) as LogRecord);
  }
  const text = typeof row.body === 'string' ? row.body : row.body.toString('utf8');
  return [JSON.parse(text) as LogRecord];
}
