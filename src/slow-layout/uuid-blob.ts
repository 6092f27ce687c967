// UUID strings <-> the 16-byte BLOBs the slow layout stores as ids.
import { invalid } from '../errors.js';

const HEX32 = /^[0-9a-f]{32}$/i;

/** Accepts canonical (`8-4-4-4-12`) or bare 32-hex-digit UUIDs, any case. */
export function uuidToBlob(uuid: string): Buffer {
  const hex = uuid.length === 36 && isCanonicalShape(uuid) ? uuid.replaceAll('-', '') : uuid;
  if (!HEX32.test(hex)) throw invalid('id', `not a UUID: ${JSON.stringify(uuid)}`);
  return Buffer.from(hex, 'hex');
}

/** Canonical lower-case form; throws unless `blob` is exactly 16 bytes. */
export function blobToUuid(blob: Uint8Array): string {
  if (blob.length !== 16) throw invalid('id', `expected a 16-byte UUID blob, got ${blob.length} bytes`);
  const h = Buffer.from(blob.buffer, blob.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The canonical lower-case UUID an id column value stands for: a 16-byte blob, or text of 32 hex digits
 * with or without dashes, in any case. null for anything else (such rows are skipped by an import).
 */
export function normalizeId(value: unknown): string | null {
  if (value instanceof Uint8Array) return value.length === 16 ? blobToUuid(value) : null;
  if (typeof value !== 'string') return null;
  const hex = value.replaceAll('-', '').toLowerCase();
  if (!HEX32.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An id column as a string: 16-byte blobs as UUIDs, text as stored, other blobs as `x'hex'`. */
export function idFromColumn(value: unknown): string {
  if (value instanceof Uint8Array)
    return value.length === 16 ? blobToUuid(value) : `x'${Buffer.from(value).toString('hex')}'`;
  return String(value);
}

function isCanonicalShape(s: string): boolean {
  return s[8] === '-' && s[13] === '-' && s[18] === '-' && s[23] === '-';
}
