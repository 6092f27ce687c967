// `--executor auto`: reads the head of a stream (its first lines, at most 256 KB), recognises its format,
// and hands back the whole stream, head included, to be stored unchanged.
import type { ExecutorName } from '../store/types.js';
import { detectFormat } from './detect.js';

const HEAD_BYTES = 256 * 1024;
const HEAD_LINES = 50;

export async function detectStream(
  input: AsyncIterable<Buffer>,
): Promise<{ executor: ExecutorName; stream: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let bytes = 0;
  let newlines = 0;
  let done = false;
  while (bytes < HEAD_BYTES && newlines < HEAD_LINES) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    head.push(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1 && newlines < HEAD_LINES; i = chunk.indexOf(10, i + 1))
      newlines++;
  }
  const lines = Buffer.concat(head).toString('utf8').split('\n');
  if (!done) lines.pop(); // a line cut by the head's end tells nothing
  const executor = detectFormat(lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))) ?? 'plain';
  async function* stream(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value as Buffer;
  }
  return { executor, stream: stream() };
}
