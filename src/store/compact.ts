// Compaction: rewrite a finished execution's records into a few compressed segments.
import { decodeRecord, encodeLines } from '../records/record-codec.js';
import {
  RecordKind,
  isSegment,
  type LineEntry,
  type LinesRecord,
  type LogRecord,
  type StoredRecord,
} from '../records/types.js';
import { SEGMENT_TARGET_BYTES, compressSegmentAsync } from '../records/segment-codec.js';
import { slicer } from '../util/turns.js';
import { inSeqOrder, lineColumns, linesBodies, type LineColumns } from './compact-lines.js';
import type { LogStore } from './contract.js';
import type { Execution, ExecutionPatch } from './types.js';

export interface CompactionResult {
  rowsBefore: number;
  rowsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/**
 * `rows` defaults to what the store holds; `patch` is applied in the same transaction. Rows are read in
 * record order, which is seq order for line batches, and packed as they come: memory holds one segment's
 * records at a time, not the execution's (tens of millions of lines for a fast dev server).
 */
export async function compactExecution(
  store: LogStore,
  execution: Pick<Execution, 'id' | 'num'>,
  rows?: StoredRecord[],
  patch: ExecutionPatch = {},
): Promise<CompactionResult> {
  let rowsBefore = 0;
  let bytesBefore = 0;
  const counted = async function* (source: AsyncIterable<StoredRecord> | Iterable<StoredRecord>) {
    for await (const r of source) {
      rowsBefore++;
      bytesBefore += typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.length;
      yield r;
    }
  };
  const segments = await packSegments(counted(rows ?? storedRows(store, execution.num)));
  await store.replaceRecords(execution.num, segments, { ...patch, id: execution.id, compacted: true });
  const bytesAfter = segments.reduce((n, s) => n + (s.body as Buffer).length, 0);
  return { rowsBefore, rowsAfter: segments.length, bytesBefore, bytesAfter };
}

/** Lines per line record in a segment (8,192 short lines encode or decode in a few milliseconds). */
const LINES_PER_RECORD = 8192;

/** Rows read at most this many at a time: one read of a long run's rows (tens of thousands) held the loop for 0.2 s. */
const READ_ROWS = 1000;
/** ... and about this many bytes: a thousand rows of a long line's 1 MB pieces held it for 0.2 s too. */
const READ_BYTES = 2 * 1024 * 1024;

async function* storedRows(store: LogStore, execNum: number): AsyncGenerator<StoredRecord> {
  // A first read of a few rows, since they may be a long line's 1 MB pieces (16 of them were 16 MB at once).
  let limit = 2;
  for (let from = 0; ;) {
    const rows = await store.readRecordRange(execNum, from, Number.MAX_SAFE_INTEGER, limit);
    yield* rows;
    if (rows.length < limit) return;
    from = rows[rows.length - 1]!.recordNo + 1;
    // The next read sized by what these rows weighed.
    let bytes = 0;
    for (const r of rows) bytes += r.body.length;
    limit = Math.max(1, Math.min(READ_ROWS, Math.floor((limit * READ_BYTES) / Math.max(1, bytes))));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Packs rows into segments numbered from 0, never more segments than rows. Segments already there (a
 * long run renumbered while it ran, see pipeline/renumber.ts) are kept as they are: readers order
 * records by seq, so a segment need not be merged with its neighbours, and re-packing them would
 * decompress a long run's whole history again.
 */
export async function packSegments(
  rows: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
): Promise<StoredRecord[]> {
  const kept: StoredRecord[] = [];
  const pending: Promise<StoredRecord>[] = [];
  // A segment's line entries go into two line records, one of ASCII texts and one of the rest: readers
  // order everything by seq; one record of a thousand lines decodes faster than a thousand records of a
  // few; and an ASCII body is sliced from the segment while another is UTF-8 decoded as a whole.
  let blocks: string[] = [];
  let lines: LineEntry[] = [];
  // ASCII line records in seq order wait as their bodies (compact-lines.ts), not as an object per line.
  let columns: LineColumns[] = [];
  let batchBytes = 0;
  let seqFirst = Number.POSITIVE_INFINITY;
  let seqLast = -1;
  const sealTurn = slicer();
  const seal = async () => {
    if (blocks.length === 0 && lines.length === 0 && columns.length === 0) return;
    // One segment compresses on the thread pool while the next is packed here: more at once left this
    // thread without a core on a 2-core machine (the loop stalled behind four deflates).
    if (pending.length > 0) await pending[pending.length - 1];
    // Line records of at most LINES_PER_RECORD lines, the loop turning between them: encoding (and later
    // decoding) tens of thousands of short lines in one go held the event loop for tens of milliseconds.
    const bodies: string[] = [];
    if (lines.length === 0 && inSeqOrder(columns)) {
      for (const body of linesBodies(columns, LINES_PER_RECORD)) {
        bodies.push(body);
        await sealTurn();
      }
    } else {
      // Lines that are not all ASCII, or out of order: every line as an entry (the columns' too).
      for (const c of columns) for (const e of (decodeRecord(c.body) as LinesRecord).e) lines.push(e);
      if (!sortedBySeq(lines)) lines.sort((x, y) => x.s - y.s);
      const ascii: LineEntry[] = [];
      const other: LineEntry[] = [];
      for (const e of lines) (isAsciiEntry(e) ? ascii : other).push(e);
      for (const group of [ascii, other]) {
        for (let i = 0; i < group.length; i += LINES_PER_RECORD) {
          bodies.push(encodeLines(group.slice(i, i + LINES_PER_RECORD)));
          await sealTurn();
        }
      }
    }
    bodies.push(...blocks);
    const meta = { recordNo: 0, kind: RecordKind.DeflateSegment, seqFirst, seqLast };
    const p = compressSegmentAsync(bodies).then((body) => ({ ...meta, body }));
    p.catch(() => {}); // awaited below; a failure must not be unhandled meanwhile
    pending.push(p);
    blocks = [];
    lines = [];
    columns = [];
    batchBytes = 0;
    seqFirst = Number.POSITIVE_INFINITY;
    seqLast = -1;
  };
  const add = async (rec: LogRecord | LineColumns | null, body: string, first: number, last: number) => {
    if (rec !== null && 'textsAt' in rec) {
      columns.push(rec);
      // As for the same lines as entries (below), so that segments end where they did.
      batchBytes += rec.textLength + 16 * rec.n;
    } else if (rec !== null && rec.k === 'l') {
      for (const e of rec.e) {
        lines.push(e);
        batchBytes += (e.t?.length ?? e.b?.length ?? 0) + 16;
      }
    } else {
      blocks.push(body);
      batchBytes += body.length;
    }
    seqFirst = Math.min(seqFirst, first);
    seqLast = Math.max(seqLast, last);
    if (batchBytes >= SEGMENT_TARGET_BYTES) await seal();
  };
  const yieldSoon = slicer();
  for await (const r of rows) {
    if (isSegment(r.kind)) kept.push(r);
    else if (r.kind === RecordKind.Lines) {
      const body = bodyText(r);
      await add(lineColumns(body) ?? decodeRecord(body), '', r.seqFirst, r.seqLast);
    } else await add(null, bodyText(r), r.seqFirst, r.seqLast);
    await yieldSoon();
  }
  await seal();
  return [...kept, ...(await Promise.all(pending))].map((r, i) => ({ ...r, recordNo: i }));
}

function sortedBySeq(lines: LineEntry[]): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i - 1]!.s > lines[i]!.s) return false;
  return true;
}

function isAsciiEntry(e: LineEntry): boolean {
  return e.t === undefined || Buffer.byteLength(e.t) === e.t.length;
}

function bodyText(r: StoredRecord): string {
  return typeof r.body === 'string' ? r.body : r.body.toString('utf8');
}
