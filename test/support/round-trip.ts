// Test oracle, written independently of the pipeline: what `logs --format deltas` must reproduce.
import { isDeepStrictEqual } from 'node:util';

export interface OracleLine {
  bytes: Buffer;
  eol: '' | '\n' | '\r\n';
}

/** Splits input bytes into lines the plain way (LF, CRLF, last line without newline). */
export function splitLines(input: Buffer): OracleLine[] {
  const out: OracleLine[] = [];
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== 0x0a) continue;
    const crlf = i > start && input[i - 1] === 0x0d;
    out.push({ bytes: input.subarray(start, crlf ? i - 1 : i), eol: crlf ? '\r\n' : '\n' });
    start = i + 1;
  }
  if (start < input.length) out.push({ bytes: input.subarray(start), eol: '' });
  return out;
}

function parseJson(b: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(b.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

function isDeltaLine(v: Record<string, unknown> | null): boolean {
  return v?.type === 'stream_event' && (v.event as { type?: string } | undefined)?.type === 'content_block_delta';
}

/** The lines that must survive: everything except exact repeats of a delta line (same line, or same uuid and payload). */
export function expectedLines(input: Buffer): OracleLine[] {
  const seen = new Set<string>();
  return splitLines(input).filter((l) => {
    if (l.eol !== '\n') return true;
    const v = parseJson(l.bytes);
    if (!isDeltaLine(v)) return true;
    const d = (v!.event as { delta: Record<string, unknown> }).delta;
    const key = typeof v!.uuid === 'string' ? `${v!.uuid}|${JSON.stringify(d)}` : l.bytes.toString('utf8');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Returns a description of the first difference, or null when `output` reproduces `input`. */
export function roundTripDifference(input: Buffer, output: Buffer): string | null {
  const want = expectedLines(input);
  const got = splitLines(output);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!w || !g) return `line ${i}: ${w ? 'missing' : 'extra'}: ${(w ?? g)!.bytes.toString('utf8').slice(0, 200)}`;
    if (w.eol !== g.eol) return `line ${i}: terminator ${JSON.stringify(g.eol)} instead of ${JSON.stringify(w.eol)}`;
    if (w.bytes.equals(g.bytes)) continue;
    const wv = parseJson(w.bytes);
    const gv = parseJson(g.bytes);
    if (wv?.type === 'stream_event' && gv) {
      delete wv.uuid;
      delete gv.uuid;
      if (isDeepStrictEqual(wv, gv)) continue;
    }
    return `line ${i} differs:\n want ${w.bytes.toString('utf8').slice(0, 300)}\n got  ${g.bytes.toString('utf8').slice(0, 300)}`;
  }
  return null;
}
