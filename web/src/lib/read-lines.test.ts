import { describe, expect, it } from 'vitest';
import { readLines } from './read-lines.js';

/** A response whose body arrives in the given byte chunks. */
function chunked(chunks: Uint8Array[]): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(ch);
        c.close();
      },
    }),
  );
}

async function collect(res: Response): Promise<[number, string, string][]> {
  const out: [number, string, string][] = [];
  await readLines(res, (seq, stream, text) => out.push([seq, stream, text]));
  return out;
}

const BODY =
  '0\tstdout\t1\t{"a":"x\\ty"}\n4\tstderr\t2\twarn\tthere\n7\tstdout+binary\t3\t\uFFFD\n9\tstdout\t4\tcaf\u00E9 \u2713 a\rb\n12\tstdout\t5\t\n';
const WANT = [
  [0, 'stdout', '{"a":"x\\ty"}'],
  [4, 'stderr', 'warn\tthere'],
  [7, 'stdout', '\uFFFD'],
  [9, 'stdout', 'caf\u00E9 \u2713 a\rb'],
  [12, 'stdout', ''],
];

describe('readLines', () => {
  it('parses every line whatever the chunk boundaries (inside a UTF-8 character, a header, a newline)', async () => {
    const bytes = new TextEncoder().encode(BODY);
    expect(await collect(new Response(BODY))).toEqual(WANT);
    for (let size = 1; size <= 17; size++) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await collect(chunked(chunks))).toEqual(WANT);
    }
  });

  it('joins a long line spread over many chunks', async () => {
    const long = 'x'.repeat(100_000);
    const bytes = new TextEncoder().encode(`1\tstdout\t0\t${long}\n2\tstdout\t0\tend\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    expect(await collect(chunked(chunks))).toEqual([
      [1, 'stdout', long],
      [2, 'stdout', 'end'],
    ]);
  });

  it('rejects a body cut short or a malformed line', async () => {
    await expect(collect(new Response('1\tstdout\t0\tok\n2\tstdout\t0\tcut'))).rejects.toThrow(/cut short/);
    await expect(collect(new Response('1\tstdout\n'))).rejects.toThrow(/malformed/);
    await expect(collect(new Response('x\tstdout\t0\ttext\n'))).rejects.toThrow(/malformed/);
    expect(await collect(new Response(''))).toEqual([]);
  });
});
