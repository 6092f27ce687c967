// A group of queued writes (one synchronous burst, see batch-writer.ts) and how it gets store record numbers.
import type { RecordPut, WriteBatch } from '../store/contract.js';
import type { ExecutionPatch } from '../store/types.js';
import type { RecordLane } from './record-lane.js';

/** A put as the folder made it: `recordNo` is the folder's number until the group is numbered. */
export type QueuedPut = RecordPut & { final: boolean };

export interface Group {
  id: number;
  puts: QueuedPut[];
  dels: { execNum: number; recordNos: readonly number[] }[];
  updates: { id: string; patch: ExecutionPatch }[];
  bytes: number;
  /** The group with store record numbers, assigned once (a retry writes the same rows). */
  numbered: WriteBatch | null;
  /** Numbers its deletes free, given back to their lanes once committed. */
  frees: [RecordLane, number][];
}

export const newGroup = (id: number): Group => ({
  id,
  puts: [],
  dels: [],
  updates: [],
  bytes: 0,
  numbered: null,
  frees: [],
});

/** Assigns store record numbers to a group; false while a lane is full (its renumbering must run first). */
export function numberGroup(
  g: Group,
  lanes: ReadonlyMap<number, RecordLane>,
  onError: (err: unknown) => void,
): boolean {
  const counts = new Map<number, number>();
  for (const p of g.puts) counts.set(p.execNum, (counts.get(p.execNum) ?? 0) + 1);
  for (const [execNum, n] of counts) {
    const lane = lanes.get(execNum);
    if (lane === undefined || lane.fits(n)) continue;
    // A burst that does not fit below the limit starts renumbering, wherever `next` is: waiting would never end.
    if (lane.canRenumber) lane.startRenumbering();
    return false;
  }
  const puts: RecordPut[] = [];
  for (const { final, ...p } of g.puts) {
    const lane = lanes.get(p.execNum);
    // Released (the run ended and was compacted): a row now would land among its segments.
    if (lane === undefined)
      onError(new Error(`a record for execution number ${p.execNum} came after it ended; dropped`));
    else puts.push({ ...p, recordNo: lane.assign(p.recordNo, final) });
  }
  const dels = [];
  for (const d of g.dels) {
    const lane = lanes.get(d.execNum);
    if (lane === undefined) continue;
    const recordNos = lane.release(d.recordNos);
    for (const no of recordNos) g.frees.push([lane, no]);
    dels.push({ execNum: d.execNum, recordNos });
  }
  g.numbered = { puts, dels, updates: g.updates };
  return true;
}

/** Numbered groups as one transaction's batch. */
export function mergeGroups(chunk: readonly Group[]): WriteBatch {
  const batch: WriteBatch = { puts: [], dels: [], updates: [] };
  for (const g of chunk) {
    for (const p of g.numbered!.puts) batch.puts.push(p);
    for (const d of g.numbered!.dels) batch.dels.push(d);
    for (const u of g.numbered!.updates) batch.updates.push(u);
  }
  return batch;
}
