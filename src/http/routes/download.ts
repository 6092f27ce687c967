// `GET /api/executions/:id/logs?download=1`: the whole run as a file. `raw` is the exact bytes the process
// printed (CRLF and invalid UTF-8 included), `deltas` the regenerated lines, `conversation` a readable
// transcript. Lines are regenerated window by window as the socket takes them, never the whole run at once.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { invalid } from '../../errors.js';
import { renderEntryForTerminal } from '../../conversation/render-terminal.js';
import type { ExecutionManager } from '../../live/execution-manager.js';
import type { LogRecord } from '../../records/types.js';
import { toConversation } from '../../replay/conversation.js';
import { entryBytes } from '../../replay/entry.js';
import type { LineHistory } from '../../replay/line-history.js';
import { foldedEntries } from '../../replay/folded.js';
import { openLineHistory, readRecords } from '../../replay/read-history.js';
import type { Execution } from '../../store/types.js';

export const DOWNLOAD_FORMATS = ['raw', 'deltas', 'conversation'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** Lines regenerated per window: ~4,096 lines is a few hundred KB, written before the next is built. */
const WINDOW = 4096;

export async function sendDownload(
  reply: FastifyReply,
  manager: ExecutionManager,
  e: Execution,
  format: string,
): Promise<FastifyReply> {
  if (!(DOWNLOAD_FORMATS as readonly string[]).includes(format))
    throw invalid('format', `download is for ${DOWNLOAD_FORMATS.join(', ')}, not ${format}`);
  const memory = manager.live(e.id)?.unpersisted() ?? [];
  const agent = e.executor !== 'command' && e.executor !== 'plain';
  const ext = format === 'conversation' ? 'txt' : agent ? 'jsonl' : 'log';
  reply
    .header('content-disposition', `attachment; filename="tokenfold-${e.id}-${format}.${ext}"`)
    .type(format === 'raw' ? 'application/octet-stream' : 'text/plain; charset=utf-8');
  return reply.send(
    Readable.from(
      format === 'conversation'
        ? transcript(await readRecords(manager.store, e, memory), e)
        : lines(await openLineHistory(manager.store, e, memory), format === 'raw'),
    ),
  );
}

async function* lines(history: LineHistory, repeats: boolean): AsyncGenerator<Buffer> {
  // Written about a megabyte at a time: long lines (1 MB pieces) joined per window held the loop 0.15 s.
  let parts: Buffer[] = [];
  let bytes = 0;
  for await (const entries of history.lines(0, history.seqs(repeats).length, repeats, WINDOW))
    for (const e of entries) {
      const b = entryBytes(e);
      parts.push(b);
      bytes += b.length;
      if (bytes >= 1024 * 1024) {
        yield parts.length === 1 ? b : Buffer.concat(parts, bytes);
        parts = [];
        bytes = 0;
      }
    }
  if (parts.length > 0) yield Buffer.concat(parts, bytes);
}

async function* transcript(records: LogRecord[], e: Execution): AsyncGenerator<string> {
  const { items } = toConversation(foldedEntries(records), e.executor);
  for (let i = 0; i < items.length; i += 200) {
    yield items
      .slice(i, i + 200)
      .map((x) => renderEntryForTerminal(x, { color: false, width: 120 }) + '\n\n')
      .join('');
  }
}
