// --verify over every execution an import went through (imported now, or skipped as already there).
import { newReadStats, type SlowLayoutReader } from '../slow-layout/slow-reader.js';
import type { LogStore } from '../store/contract.js';
import type { ImportPlan } from './map-execution.js';
import { countSourceRows } from './source-counts.js';
import type { ImportProgress, VerifyReport } from './types.js';
import { verifyExecution } from './verify-execution.js';

/** `complete`: every execution of SRC was meant to be imported (not a run cut off by Ctrl-C). */
export async function verifyAll(
  reader: SlowLayoutReader,
  store: LogStore,
  plans: readonly ImportPlan[],
  rowsTotal: number,
  onProgress?: (p: ImportProgress) => void,
  complete = true,
): Promise<VerifyReport> {
  const t0 = performance.now();
  const stats = newReadStats();
  const report: VerifyReport = { executions: 0, linesCompared: 0, differences: [], elapsedMs: 0 };
  const progress: ImportProgress = {
    phase: 'verify',
    executionsDone: 0,
    executionsTotal: plans.length,
    rowsDone: 0,
    rowsTotal,
    elapsedMs: 0,
  };
  const counts = countSourceRows(reader.db);
  for (const plan of plans) {
    const execution = await store.getExecution(plan.id);
    if (execution === null) {
      report.differences.push({ executionId: plan.id, line: 0, want: 'the execution', got: null });
      continue;
    }
    const rowsBefore = stats.rows;
    const check = await verifyExecution(reader, store, execution, stats);
    report.executions++;
    report.linesCompared += check.linesCompared;
    const read = stats.rows - rowsBefore;
    const want = counts.perExec.get(plan.id) ?? 0;
    if (check.difference !== null) report.differences.push(check.difference);
    else if (read !== want)
      report.differences.push({
        executionId: plan.id,
        line: 0,
        want: `${want} rows in SRC (counted by SQL)`,
        got: `${read} rows read and compared`,
      });
    progress.executionsDone++;
    progress.rowsDone = stats.rows;
    progress.elapsedMs = performance.now() - t0;
    onProgress?.(progress);
  }
  if (complete) {
    const planned = new Set(plans.map((p) => p.id));
    for (const [id, rows] of counts.perExec)
      if (!planned.has(id))
        report.differences.push({
          executionId: id,
          line: 0,
          want: `${rows} rows in SRC (counted by SQL)`,
          got: 'not imported',
        });
  }
  report.elapsedMs = performance.now() - t0;
  return report;
}
