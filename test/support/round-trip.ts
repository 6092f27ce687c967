// Test oracles, written independently of the pipeline: `raw` must give back the input byte for byte;
// the other line views may leave out only lines that repeat an earlier delta line exactly.

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

const show = (b: Buffer) => JSON.stringify(b.toString('utf8').slice(0, 300));

/** A description of the first difference between two byte streams, by line, or null when they are equal. */
export function rawDifference(input: Buffer, output: Buffer): string | null {
  if (input.equals(output)) return null;
  const want = splitLines(input);
  const got = splitLines(output);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!w || !g) return `line ${i}: ${w ? 'missing' : 'extra'}: ${show((w ?? g)!.bytes)}`;
    if (w.eol !== g.eol)
      return `line ${i}: terminator ${JSON.stringify(g.eol)} instead of ${JSON.stringify(w.eol)}`;
    if (!w.bytes.equals(g.bytes)) return `line ${i} differs:\n want ${show(w.bytes)}\n got  ${show(g.bytes)}`;
  }
  return 'same lines, different bytes';
}

const isDelta = (b: Buffer) => b.includes('"content_block_delta"');

/**
 * The deltas view (`output`) must be the input's lines in order, each byte for byte, except lines left out
 * that repeat an earlier delta line exactly. Returns the number left out, or a description of a problem.
 */
export function deltasViewProblem(input: Buffer, output: Buffer): string | number {
  const want = splitLines(input);
  const got = splitLines(output);
  const seen = new Set<string>();
  let j = 0;
  let omitted = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const key = w.bytes.toString('latin1');
    const g = got[j];
    if (g !== undefined && g.eol === w.eol && g.bytes.equals(w.bytes)) j++;
    else if (isDelta(w.bytes) && seen.has(key)) omitted++;
    else return `line ${i}: ${g === undefined ? 'missing' : `got ${show(g.bytes)}`}, want ${show(w.bytes)}`;
    if (isDelta(w.bytes)) seen.add(key);
  }
  return j === got.length ? omitted : `extra line: ${show(got[j]!.bytes)}`;
}
