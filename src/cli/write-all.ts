// Writes many pieces to a stream in large batches, respecting backpressure (and a closed pipe).

export async function writeAll(
  out: NodeJS.WritableStream,
  pieces: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<void> {
  let batch: (string | Buffer)[] = [];
  let size = 0;
  const drain = async () => {
    if (batch.length === 0) return;
    const chunk = Buffer.concat(batch.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    batch = [];
    size = 0;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for await (const p of pieces) {
    batch.push(p);
    size += p.length;
    if (size >= 1 << 20) await drain();
  }
  await drain();
}
