// Stores a recorded stream (a file, stdin, an imported run) as one finished, compacted execution.
import { BULK_FLUSH_POLICY, type FlushPolicy } from '../fold/flush-policy.js';
import { formatFor } from '../formats/registry.js';
import type { StreamName } from '../ingest/line.js';
import { storeConversationPages } from '../replay/conversation-pages/index.js';
import type { CompactionResult } from '../store/compact.js';
import type { LogStore } from '../store/contract.js';
import type { Execution, ExecutionStatus, NewExecution } from '../store/types.js';
import { ExecutionLog } from './execution-log.js';
import { SegmentSink } from './segment-sink.js';

export interface IngestOptions extends NewExecution {
  status?: Exclude<ExecutionStatus, 'running'>;
  exitCode?: number | null;
  endedAt?: string;
  policy?: FlushPolicy;
}

export interface IngestResult {
  execution: Execution;
  compaction: CompactionResult;
}

/** A source of chunks: one stream (stdout) or tagged chunks from both. */
export type IngestSource =
  AsyncIterable<Buffer | string> | AsyncIterable<{ stream: StreamName; chunk: Buffer | string }>;

export async function ingestStream(
  store: LogStore,
  source: IngestSource,
  options: IngestOptions,
): Promise<IngestResult> {
  const { status = 'completed', exitCode = null, endedAt, policy = BULK_FLUSH_POLICY, ...meta } = options;
  const execution = await store.createExecution({ ...meta, status: 'running' });
  const sink = new SegmentSink();
  const log = new ExecutionLog({ execution, format: formatFor(execution.executor), policy, writer: sink });
  for await (const item of source as AsyncIterable<unknown>) {
    if (typeof item === 'string' || Buffer.isBuffer(item)) log.write('stdout', toBuffer(item));
    else {
      const t = item as { stream: StreamName; chunk: Buffer | string };
      log.write(t.stream, toBuffer(t.chunk));
    }
  }
  const stats = log.finish();
  const segments = await sink.segments();
  await store.replaceRecords(execution.num, segments, {
    ...stats,
    status,
    exitCode,
    endedAt: endedAt ?? new Date().toISOString(),
    id: execution.id,
    compacted: true,
  });
  const compaction: CompactionResult = {
    rowsBefore: sink.records,
    rowsAfter: segments.length,
    bytesBefore: sink.bytes,
    bytesAfter: segments.reduce((n, s) => n + (s.body as Buffer).length, 0),
  };
  const stored = (await store.getExecution(execution.id))!;
  // An agent run's conversation pages, so its first open in the server reads a page instead of building it.
  await storeConversationPages(store, stored);
  return { execution: stored, compaction };
}

const toBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
