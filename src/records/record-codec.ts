// Record bodies (block-codec.ts, lines-codec.ts) and the framing of records in a segment. Both kinds keep
// texts out of JSON: lines are mostly JSON already (tool results, assistant messages), and escaping them
// inside JSON doubled the cost of writing and, above all, of reading history.
import { isAscii } from 'node:buffer';
import { decodeBlock, encodeBlock, isBlockBody } from './block-codec.js';
import { fromLegacyBlock } from './legacy-block.js';
import { decodeLines, encodeLines, LEGACY_LINES_MARK, LINES_MARK } from './lines-codec.js';
import type { LogRecord } from './types.js';

export { encodeLines } from './lines-codec.js';

export function encodeRecord(rec: LogRecord): string {
  return rec.k === 'l' ? encodeLines(rec.e) : encodeBlock(rec);
}

export function decodeRecord(body: string): LogRecord {
  if (isBlockBody(body)) return decodeBlock(body);
  if (body[0] === LINES_MARK || body[0] === LEGACY_LINES_MARK) return decodeLines(body);
  // A plain JSON record of tokenfold 0.1.
  const rec = JSON.parse(body) as LogRecord;
  return rec.k === 'b' ? fromLegacyBlock(body) : rec;
}

/** Segment framing: `<UTF-8 byte length>:<body>` per record (bodies may contain any character). */
export function frame(bodies: readonly string[]): Buffer {
  // Sized first and written in place: a copy per body and a concatenation of the copies allocated twice
  // the segment (a 1 MB piece of a long line: 2 MB of buffers per segment while compacting).
  let total = 0;
  const lengths = new Array<number>(bodies.length);
  for (let i = 0; i < bodies.length; i++) {
    const n = Buffer.byteLength(bodies[i]!, 'utf8');
    lengths[i] = n;
    total += String(n).length + 1 + n;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < bodies.length; i++) {
    at += out.write(`${lengths[i]!}:`, at, 'latin1');
    at += out.write(bodies[i]!, at, 'utf8');
  }
  if (at !== total) throw new Error(`segment framing wrote ${at} bytes, expected ${total}`);
  return out;
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
    if (colon < 0 || !Number.isSafeInteger(len) || end > buf.length)
      throw new Error(`corrupt segment at offset ${pos}`);
    out.push(
      isAscii(buf.subarray(colon + 1, end))
        ? whole.slice(colon + 1, end)
        : buf.toString('utf8', colon + 1, end),
    );
    pos = end;
  }
  return out;
}
