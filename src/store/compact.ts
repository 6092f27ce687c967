// Compaction: rewrite a finished execution's records into a few compressed segments.
import { blockFirstSeq } from '../records/block-codec.js';
import { decodeRecord, encodeLines, encodeRecord } from '../records/record-codec.js';
import { RecordKind, isSegment, type LineEntry, type LogRecord, type StoredRecord } from '../records/types.js';
import { SEGMENT_TARGET_BYTES, compressSegmentAsync, decodeStoredRecord } from '../records/segment-codec.js';
import type { LogStore } from './contract.js';
import type { Execution, ExecutionPatch } from './types.js';

export interface CompactionResult {
  rowsBefore: number;
  rowsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** A block body as it is, or the entries of a line record (merged with their neighbours). */
type Item = { seq: number; body: string; bytes: number; lines?: undefined } | { seq: number; lines: LineEntry[]; bytes: number };

/** `rows` defaults to what the store holds; `patch` is applied in the same transaction. */
export async function compactExecution(store: LogStore, execution: Pick<Execution, 'id' | 'num'>, rows?: StoredRecord[], patch: ExecutionPatch = {}): Promise<CompactionResult> {
  rows ??= await store.readRecords(execution.num);
  const bytesBefore = rows.reduce((n, r) => n + (typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length), 0);
  const items: Item[] = [];
  const yieldSoon = slicer();
  for (const r of rows) {
    if (isSegment(r.kind)) for (const rec of decodeStoredRecord(r)) items.push(itemOf(rec));
    else if (r.kind === RecordKind.Lines) items.push(itemOf(decodeRecord(bodyText(r))));
    else items.push({ seq: r.seqFirst, body: bodyText(r), bytes: r.body.length });
    await yieldSoon();
  }
  items.sort((a, b) => a.seq - b.seq);
  const pending: Promise<StoredRecord>[] = [];
  // A segment's line entries go into two line records, one of ASCII texts and one of the rest: readers
  // order everything by seq; one record of a thousand lines decodes faster than a thousand records of a
  // few; and an ASCII body is sliced from the segment while another is UTF-8 decoded as a whole.
  let blocks: string[] = [];
  let lines: LineEntry[] = [];
  let batchBytes = 0;
  let seqFirst = 0;
  let seqLast = 0;
  const seal = () => {
    if (blocks.length === 0 && lines.length === 0) return;
    const ascii: LineEntry[] = [];
    const other: LineEntry[] = [];
    for (const e of lines) (isAsciiEntry(e) ? ascii : other).push(e);
    const bodies = [...[ascii, other].filter((l) => l.length > 0).map(encodeLines), ...blocks];
    const meta = { recordNo: pending.length, kind: RecordKind.DeflateSegment, seqFirst, seqLast };
    pending.push(compressSegmentAsync(bodies).then((body) => ({ ...meta, body })));
    blocks = [];
    lines = [];
    batchBytes = 0;
  };
  for (const it of items) {
    if (blocks.length === 0 && lines.length === 0) seqFirst = it.seq;
    if (it.lines) for (const e of it.lines) lines.push(e);
    else blocks.push(it.body);
    batchBytes += it.bytes;
    seqLast = Math.max(seqLast, it.lines?.[it.lines.length - 1]?.s ?? it.seq);
    if (batchBytes >= SEGMENT_TARGET_BYTES) seal();
    await yieldSoon();
  }
  seal();
  const segments = await Promise.all(pending);
  const rowsAfter = segments.length;
  await store.replaceRecords(execution.num, segments, { ...patch, id: execution.id, compacted: true });
  const bytesAfter = segments.reduce((n, s) => n + (s.body as Buffer).length, 0);
  return { rowsBefore: rows.length, rowsAfter, bytesBefore, bytesAfter };
}

/**
 * Compaction runs beside live streams and requests: it lets the event loop turn every few milliseconds
 * (a 10 s `yes` run is tens of millions of lines: one uninterrupted compaction blocked the loop for a minute).
 */
function slicer(sliceMs = 8): () => Promise<void> | void {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

function isAsciiEntry(e: LineEntry): boolean {
  return e.t === undefined || Buffer.byteLength(e.t) === e.t.length;
}

function bodyText(r: StoredRecord): string {
  return typeof r.body === 'string' ? r.body : r.body.toString('utf8');
}

function itemOf(rec: LogRecord): Item {
  if (rec.k === 'b') {
    const body = encodeRecord(rec);
    return { seq: blockFirstSeq(rec), body, bytes: body.length };
  }
  let bytes = 0;
  for (const e of rec.e) bytes += (e.t?.length ?? e.b?.length ?? 0) + 16;
  return { seq: rec.e[0]?.s ?? 0, lines: rec.e, bytes };
}
