// --verify over every execution an import went through (imported now, or skipped as already there).
import { newReadStats, type SlowLayoutReader } from '../legacy/slow-reader.js';
import type { LogStore } from '../store/contract.js';
import type { ImportPlan } from './map-execution.js';
import type { ImportProgress, VerifyReport } from './types.js';
import { verifyExecution } from './verify-execution.js';

export async function verifyAll(reader: SlowLayoutReader, store: LogStore, plans: readonly ImportPlan[], rowsTotal: number, onProgress?: (p: ImportProgress) => void): Promise<VerifyReport> {
  const t0 = performance.now();
  const stats = newReadStats();
  const report: VerifyReport = { executions: 0, linesCompared: 0, differences: [], elapsedMs: 0 };
  const progress: ImportProgress = { phase: 'verify', executionsDone: 0, executionsTotal: plans.length, rowsDone: 0, rowsTotal, elapsedMs: 0 };
  for (const plan of plans) {
    const execution = await store.getExecution(plan.id);
    if (execution === null) {
      report.differences.push({ executionId: plan.id, line: 0, want: 'the execution', got: null });
      continue;
    }
    const check = await verifyExecution(reader, store, execution, stats);
    report.executions++;
    report.linesCompared += check.linesCompared;
    if (check.difference !== null) report.differences.push(check.difference);
    progress.executionsDone++;
    progress.rowsDone = stats.rows;
    progress.elapsedMs = performance.now() - t0;
    onProgress?.(progress);
  }
  report.elapsedMs = performance.now() - t0;
  return report;
}
