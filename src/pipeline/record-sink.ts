// Where an execution log sends its records: a batching writer (live) or memory (recorded input).
import type { FoldSink } from '../fold/folder.js';
import type { LogRecord } from '../records/types.js';

export interface RecordSink {
  sinkFor(execNum: number): FoldSink;
  /** Records accepted but not yet committed to the store. */
  pending(execNum: number): LogRecord[];
}
