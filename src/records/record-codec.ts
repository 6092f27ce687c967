// Record bodies. Block records: see block-codec.ts. Line records keep their texts out of JSON: a JSON header
// (per line: seq, arrival, text length, flags) then the texts themselves, concatenated. Lines are
// mostly JSON already (tool results, assistant messages), and escaping them inside JSON doubled the
// cost of writing and, above all, of reading history (storage benchmark, largest execution).
import { isAscii } from 'node:buffer';
import { decodeBlock, encodeBlock, isBlockBody } from './block-codec.js';
import { fromLegacyBlock } from './legacy-block.js';
import type { LineEntry, LinesRecord, LogRecord } from './types.js';

/** Marks a line-record body; a JSON body starts with `{`. */
const LINES = 'L';

interface LineHeader {
  s: number;
  a: number;
  /** Text length (UTF-16 units); absent for bytes (`b`, base64 in the header). */
  n?: number;
  b?: string;
  e?: 1 | 2;
  o?: 1;
  d?: 1;
}

export function encodeLines(entries: readonly LineEntry[]): string {
  const head: LineHeader[] = new Array(entries.length);
  let texts = '';
  for (let i = 0; i < entries.length; i++) {
    const { t, ...rest } = entries[i]!;
    const h: LineHeader = rest;
    if (t !== undefined) {
      h.n = t.length;
      texts += t;
    }
    head[i] = h;
  }
  return LINES + JSON.stringify(head) + '\n' + texts;
}

export function encodeRecord(rec: LogRecord): string {
  return rec.k === 'l' ? encodeLines(rec.e) : encodeBlock(rec);
}

export function decodeRecord(body: string): LogRecord {
  if (isBlockBody(body)) return decodeBlock(body);
  if (body.charCodeAt(0) !== 76 /* L */) {
    // A plain JSON record of tokenfold 0.1.
    const rec = JSON.parse(body) as LogRecord;
    return rec.k === 'b' ? fromLegacyBlock(body) : rec;
  }
  const nl = body.indexOf('\n');
  const head = JSON.parse(body.slice(1, nl)) as LineHeader[];
  let pos = nl + 1;
  const e: LineEntry[] = new Array(head.length);
  for (let i = 0; i < head.length; i++) {
    const h = head[i]!;
    const entry: LineEntry = { s: h.s, a: h.a };
    if (h.n !== undefined) {
      entry.t = body.slice(pos, pos + h.n);
      pos += h.n;
    }
    if (h.b !== undefined) entry.b = h.b;
    if (h.e !== undefined) entry.e = h.e;
    if (h.o !== undefined) entry.o = h.o;
    if (h.d !== undefined) entry.d = h.d;
    e[i] = entry;
  }
  const rec: LinesRecord = { k: 'l', e };
  return rec;
}

/** Segment framing: `<UTF-8 byte length>:<body>` per record (bodies may contain any character). */
export function frame(bodies: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const b of bodies) {
    const bytes = Buffer.from(b, 'utf8');
    parts.push(Buffer.from(bytes.length + ':', 'latin1'), bytes);
  }
  return Buffer.concat(parts);
}

/**
 * Splits a segment into record bodies. Agent output is almost all ASCII: the segment is copied once
 * into one latin1 string (large-object space: never moved by GC) and ASCII bodies are slices of it;
 * the few other bodies are decoded as UTF-8 on their own. Decoding every body separately allocated
 * megabytes of small strings that each young-generation GC then copied: a third of a cold history read.
 */
export function unframe(buf: Buffer): string[] {
  const out: string[] = [];
  const whole = buf.toString('latin1');
  let pos = 0;
  while (pos < buf.length) {
    const colon = buf.indexOf(58 /* : */, pos);
    const len = Number(whole.slice(pos, colon));
    const end = colon + 1 + len;
    if (colon < 0 || !Number.isSafeInteger(len) || end > buf.length) throw new Error(`corrupt segment at offset ${pos}`);
    out.push(isAscii(buf.subarray(colon + 1, end)) ? whole.slice(colon + 1, end) : buf.toString('utf8', colon + 1, end));
    pos = end;
  }
  return out;
}
