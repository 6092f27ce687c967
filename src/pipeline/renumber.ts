// One step of renumbering a long run in place (see record-lane.ts): the next ~1 MB of its final rows
// become one segment, written at the lowest free number, in one transaction. Steps run in the batch
// writer's loop, between commits, so nothing else writes the run meanwhile; each step is bounded, so
// live writes wait at most one step.
import { SEGMENT_TARGET_BYTES } from '../records/segment-codec.js';
import { packSegments } from '../store/compact.js';
import type { LogStore, RecordPut } from '../store/contract.js';
import type { RecordLane } from './record-lane.js';

/** Rows read per step at most (a step also stops at ~1 MB of bodies). */
const STEP_ROWS = 4096;

/** Returns false once the renumbering is complete. */
export async function renumberStep(store: LogStore, lane: RecordLane): Promise<boolean> {
  const r = lane.renumber!;
  const rows = await store.readRecordRange(lane.execNum, r.cursor, lane.next, STEP_ROWS);
  if (rows.length === 0) {
    lane.finishRenumbering();
    return false;
  }
  // Open-block parts stay where they are (the folder deletes them by number later).
  const finals = [];
  let bytes = 0;
  let end = r.cursor;
  for (const row of rows) {
    if (bytes >= SEGMENT_TARGET_BYTES) break;
    end = row.recordNo + 1;
    if (lane.occupied.has(row.recordNo)) continue;
    finals.push(row);
    bytes += row.body.length;
  }
  if (finals.length === 0) {
    r.cursor = end;
    return true;
  }
  const segments = await packSegments(finals);
  // Each segment holds at least one row, so the k-th lowest free number is at most the k-th row's
  // number: a segment only lands on a free number or on a row this step deletes.
  const puts: RecordPut[] = [];
  let w = r.w;
  for (const s of segments) {
    const no = lane.nextFree(w);
    if (no >= end)
      throw new Error(
        `renumbering execution number ${lane.execNum}: segment number ${no} is past the rows it replaces`,
      );
    puts.push({
      execNum: lane.execNum,
      recordNo: no,
      kind: s.kind,
      seqFirst: s.seqFirst,
      seqLast: s.seqLast,
      body: s.body,
    });
    w = no + 1;
  }
  const taken = new Set(puts.map((p) => p.recordNo));
  const gone = finals.map((f) => f.recordNo).filter((no) => !taken.has(no));
  await store.writeBatch({ puts, dels: [{ execNum: lane.execNum, recordNos: gone }], updates: [] });
  r.w = w;
  r.cursor = end;
  return true;
}
