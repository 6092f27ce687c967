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
 * `rows` defaults to what the store holds; `patch` is applied with the replacement. Rows are read in
 * record order, which is seq order for line batches, and packed as they come, and each segment goes to
 * the store as it is made: memory holds a segment's records and a segment or two at a time, not the
 * execution's (tens of millions of lines for a fast dev server) nor all of its segments.
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
  let rowsAfter = 0;
  let bytesAfter = 0;
  const segments = async function* () {
    for await (const s of packSegmentStream(counted(rows ?? storedRows(store, execution.num)))) {
      rowsAfter++;
      bytesAfter += s.body.length;
      yield s;
    }
  };
  const done = { ...patch, id: execution.id, compacted: true };
  // The store's own rows: streamed, each segment written as it comes (SQLite parks them above the old rows,
  // never more segments than those rows). Rows given by the caller (`import`, nothing stored yet): gathered.
  if (rows === undefined) await store.replaceRecords(execution.num, segments(), done);
  else {
    const all: StoredRecord[] = [];
    for await (const s of segments()) all.push(s);
    await store.replaceRecords(execution.num, all, done);
  }
  return { rowsBefore, rowsAfter, bytesBefore, bytesAfter };
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
 * decompress a long run's whole history again. The kept segments come first.
 */
export async function packSegments(
  rows: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
): Promise<StoredRecord[]> {
  const kept: StoredRecord[] = [];
  const made: StoredRecord[] = [];
  for await (const p of packed(rows)) (p.kept ? kept : made).push(p.segment);
  return [...kept, ...made].map((r, i) => ({ ...r, recordNo: i }));
}

/**
 * The same segments as they are made, numbered in that order: a compaction writes each one before the
 * next is packed (the store parks them, see replaceRecords), so memory holds a segment or two, not the
 * compressed execution.
 */
export async function* packSegmentStream(
  rows: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
): AsyncGenerator<StoredRecord> {
  let recordNo = 0;
  for await (const p of packed(rows)) yield { ...p.segment, recordNo: recordNo++ };
}

async function* packed(
  rows: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
): AsyncGenerator<{ segment: StoredRecord; kept: boolean }> {
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
  /** Encodes what is held and starts compressing it. */
  const seal = async (): Promise<{ segment: Promise<StoredRecord> }> => {
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
    p.catch(() => {}); // awaited by the caller; a failure must not be unhandled meanwhile
    blocks = [];
    lines = [];
    columns = [];
    batchBytes = 0;
    seqFirst = Number.POSITIVE_INFINITY;
    seqLast = -1;
    // Wrapped: an async function would wait for the compression instead of handing it over.
    return { segment: p };
  };
  const add = (rec: LogRecord | LineColumns | null, body: string, first: number, last: number) => {
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
  };
  // One segment compresses on the thread pool while the next is packed here: more at once left this
  // thread without a core on a 2-core machine (the loop stalled behind four deflates).
  let compressing: Promise<StoredRecord> | null = null;
  const yieldSoon = slicer();
  for await (const r of rows) {
    if (isSegment(r.kind)) yield { segment: r, kept: true };
    else {
      if (r.kind === RecordKind.Lines) {
        const body = bodyText(r);
        add(lineColumns(body) ?? decodeRecord(body), '', r.seqFirst, r.seqLast);
      } else add(null, bodyText(r), r.seqFirst, r.seqLast);
      if (batchBytes >= SEGMENT_TARGET_BYTES) {
        if (compressing !== null) yield { segment: await compressing, kept: false };
        compressing = (await seal()).segment;
      }
    }
    await yieldSoon();
  }
  if (blocks.length > 0 || lines.length > 0 || columns.length > 0) {
    if (compressing !== null) yield { segment: await compressing, kept: false };
    compressing = (await seal()).segment;
  }
  if (compressing !== null) yield { segment: await compressing, kept: false };
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
