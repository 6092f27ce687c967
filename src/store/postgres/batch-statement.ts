// A group commit as one statement: data-modifying CTEs run in the statement's own transaction, all or
// nothing, so a flush is one round trip instead of BEGIN, lease renewal, INSERT, a DELETE per execution,
// UPDATEs and COMMIT. Each round trip waits for a turn of a busy server's event loop: under the
// two-instance load (`npm run bench:load -- --backend postgres`) every one of them had a p99 of 40-70 ms,
// so a flush of ~5 took 250 ms at p99. With a lease, every change is gated on the renewal having found it
// live, and the statement returns whether it did (an expired lease commits nothing).
import type { RecordPut, WriteBatch } from '../contract.js';
import { patchColumns } from '../execution-row.js';
import type { ExecutionPatch } from '../types.js';

/** Parameters per statement: PostgreSQL takes at most 65,535; a bigger batch takes the multi-statement path. */
const MAX_PARAMS = 60_000;

const COLUMNS = '(exec_num, record_no, kind, seq_first, seq_last, is_text, body)';
const ROW_TYPES = ['bigint', 'integer', 'smallint', 'bigint', 'bigint', 'boolean', 'bytea'];
const UPSERT =
  'ON CONFLICT (exec_num, record_no) DO UPDATE SET kind = excluded.kind, seq_first = excluded.seq_first, seq_last = excluded.seq_last, is_text = excluded.is_text, body = excluded.body';

export interface LeaseGate {
  /** `UPDATE instances … RETURNING id`, its parameters numbered from $1. */
  text: string;
  values: unknown[];
}

/**
 * The batch as one statement returning one row `{ live }` (1 when the lease was renewed, or without a lease),
 * or null when it needs more parameters than one statement takes. `puts`: one per key. Same outcome as puts,
 * then deletes, then updates: a put whose key is deleted in the same batch is not written.
 */
export function batchStatement(
  puts: readonly RecordPut[],
  dels: WriteBatch['dels'],
  updates: WriteBatch['updates'],
  lease: LeaseGate | null,
): { text: string; values: unknown[] } | null {
  const deleted = new Set<string>();
  const delExec: number[] = [];
  const delRecord: number[] = [];
  for (const d of dels)
    for (const no of d.recordNos) {
      deleted.add(`${d.execNum}:${no}`);
      delExec.push(d.execNum);
      delRecord.push(no);
    }
  const kept = deleted.size === 0 ? puts : puts.filter((p) => !deleted.has(`${p.execNum}:${p.recordNo}`));
  const patches = mergedPatches(updates);
  let params = (lease?.values.length ?? 0) + kept.length * ROW_TYPES.length + 2;
  for (const p of patches.values()) params += Object.keys(p).length + 1;
  if (params > MAX_PARAMS) return null;

  const values: unknown[] = lease === null ? [] : [...lease.values];
  const $ = (v: unknown, type?: string) => (values.push(v), `$${values.length}${type ? `::${type}` : ''}`);
  const ctes: string[] = lease === null ? [] : [`lease AS (${lease.text})`];
  const gate = lease === null ? '' : ' WHERE EXISTS (SELECT 1 FROM lease)';
  const and = lease === null ? '' : ' AND EXISTS (SELECT 1 FROM lease)';
  if (kept.length > 0) {
    const rows = kept.map((r) => {
      const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
      const cells = [r.execNum, r.recordNo, r.kind, r.seqFirst, r.seqLast, typeof r.body === 'string', body];
      return `(${cells.map((c, i) => $(c, ROW_TYPES[i])).join(', ')})`;
    });
    ctes.push(
      `ins AS (INSERT INTO log_records ${COLUMNS} SELECT * FROM (VALUES ${rows.join(', ')}) AS v${gate} ${UPSERT})`,
    );
  }
  if (delExec.length > 0)
    ctes.push(
      `del AS (DELETE FROM log_records WHERE (exec_num, record_no) IN (SELECT * FROM unnest(${$(delExec, 'bigint[]')}, ${$(delRecord, 'integer[]')}))${and})`,
    );
  let u = 0;
  for (const [id, patch] of patches) {
    const pairs = patchColumns(patch);
    if (pairs.length === 0) continue;
    const set = pairs.map(([col, v]) => `${col} = ${$(v)}`).join(', ');
    ctes.push(`u${u++} AS (UPDATE executions SET ${set} WHERE id = ${$(id)}${and})`);
  }
  const live = lease === null ? '1' : '(SELECT count(*) FROM lease)::int';
  const text = `${ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${live} AS live`;
  return { text, values };
}

/** One patch per execution, later fields over earlier ones (the updates of a batch apply in order). */
function mergedPatches(updates: WriteBatch['updates']): Map<string, ExecutionPatch> {
  const out = new Map<string, ExecutionPatch>();
  for (const { id, patch } of updates) {
    const into: Record<string, unknown> = { ...out.get(id) };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) into[k] = v;
    out.set(id, into as ExecutionPatch);
  }
  return out;
}
