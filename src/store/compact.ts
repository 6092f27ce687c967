// Compaction: rewrite a finished execution's records into a few compressed segments.
import { blockFirstSeq } from '../records/block-codec.js';
import { encodeRecord } from '../records/record-codec.js';
import { RecordKind, type StoredRecord } from '../records/types.js';
import { SEGMENT_TARGET_BYTES, compressSegmentAsync, decodeStoredRecord } from '../records/segment-codec.js';
import type { LogStore } from './contract.js';
import type { Execution, ExecutionPatch } from './types.js';

export interface CompactionResult {
  rowsBefore: number;
  rowsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** `rows` defaults to what the store holds; `patch` is applied in the same transaction. */
export async function compactExecution(store: LogStore, execution: Pick<Execution, 'id' | 'num'>, rows?: StoredRecord[], patch: ExecutionPatch = {}): Promise<CompactionResult> {
  rows ??= await store.readRecords(execution.num);
  const bytesBefore = rows.reduce((n, r) => n + (typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length), 0);
  // Bodies of live records are kept as they are; records of older segments are re-encoded.
  const items: { seq: number; json: string }[] = [];
  for (const r of rows) {
    if (r.kind === RecordKind.Segment) for (const rec of decodeStoredRecord(r)) items.push({ seq: firstSeq(rec), json: encodeRecord(rec) });
    else items.push({ seq: r.seqFirst, json: typeof r.body === 'string' ? r.body : r.body.toString('utf8') });
  }
  items.sort((a, b) => a.seq - b.seq);
  const pending: Promise<StoredRecord>[] = [];
  let batch: string[] = [];
  let batchBytes = 0;
  let seqFirst = 0;
  let seqLast = 0;
  const seal = () => {
    if (batch.length === 0) return;
    const meta = { recordNo: pending.length, kind: RecordKind.Segment, seqFirst, seqLast };
    pending.push(compressSegmentAsync(batch).then((body) => ({ ...meta, body })));
    batch = [];
    batchBytes = 0;
  };
  for (const it of items) {
    if (batch.length === 0) seqFirst = it.seq;
    batch.push(it.json);
    batchBytes += it.json.length;
    seqLast = Math.max(seqLast, it.seq);
    if (batchBytes >= SEGMENT_TARGET_BYTES) seal();
  }
  seal();
  const segments = await Promise.all(pending);
  const rowsAfter = segments.length;
  await store.replaceRecords(execution.num, segments, { ...patch, id: execution.id, compacted: true });
  const bytesAfter = segments.reduce((n, s) => n + (s.body as Buffer).length, 0);
  return { rowsBefore: rows.length, rowsAfter, bytesBefore, bytesAfter };
}

function firstSeq(rec: ReturnType<typeof decodeStoredRecord>[number]): number {
  return rec.k === 'l' ? (rec.e[0]?.s ?? 0) : blockFirstSeq(rec);
}
