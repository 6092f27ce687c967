// Parses a body in the server's `as=lines` form (`seq TAB stream TAB at TAB text` per line) as it downloads:
// each complete line goes to `onLine` while the rest is still arriving. No DOM: tests run it against a real server.

export type OnLine = (seq: number, stream: 'stdout' | 'stderr', text: string) => void;

/** Calls `onLine` for every line of the body as chunks arrive; resolves to the number of lines. */
export async function readLines(res: Response, onLine: OnLine): Promise<number> {
  let n = 0;
  // Text after the last newline, kept in pieces: a long line spread over many chunks is joined once.
  let parts: string[] = [];
  const feed = (chunk: string, end: boolean) => {
    const first = chunk.indexOf('\n');
    if (first === -1) {
      if (chunk !== '') parts.push(chunk);
      if (end && parts.length > 0) throw new Error('history: the last line was cut short');
      return;
    }
    const head = parts.length === 0 ? '' : parts.join('');
    const s = head === '' ? chunk : head + chunk;
    let from = 0;
    for (let nl = head.length + first; nl !== -1; nl = s.indexOf('\n', from)) {
      parseLine(s, from, nl, onLine);
      n++;
      from = nl + 1;
    }
    parts = from < s.length ? [s.slice(from)] : [];
    if (end && parts.length > 0) throw new Error('history: the last line was cut short');
  };
  if (res.body === null) {
    feed(await res.text(), true);
    return n;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(decoder.decode(value, { stream: true }), false);
  }
  feed(decoder.decode(), true);
  return n;
}

/** `seq TAB stream[+binary] TAB at TAB text` between `from` and `end` (exclusive). */
function parseLine(s: string, from: number, end: number, onLine: OnLine): void {
  const t1 = s.indexOf('\t', from);
  const t2 = t1 === -1 ? -1 : s.indexOf('\t', t1 + 1);
  const t3 = t2 === -1 ? -1 : s.indexOf('\t', t2 + 1);
  const seq = t1 > from ? Number(s.slice(from, t1)) : NaN;
  if (t3 === -1 || t3 > end || !Number.isInteger(seq))
    throw new Error(`history: malformed line ${JSON.stringify(s.slice(from, Math.min(end, from + 80)))}`);
  // "stdout" and "stderr" differ at their fourth letter.
  const stream = s.charCodeAt(t1 + 4) === 101 ? 'stderr' : 'stdout';
  onLine(seq, stream, s.slice(t3 + 1, end));
}
