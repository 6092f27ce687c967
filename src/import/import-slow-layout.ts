// `importSlowLayout`: every execution (and orphaned log) of a slow-layout database into a tokenfold store.
// SRC is only read. Re-runnable: a compacted execution already in DEST is skipped, one that is not (an import
// cut off mid-execution) is deleted and redone. Each execution's rows land in its final transaction.
import { databaseFileBytes } from '../store/sqlite/file-bytes.js';
import { hasTable } from '../slow-layout/detect.js';
import { newReadStats, type SlowLayoutReader } from '../slow-layout/slow-reader.js';
import { readPagesHeader, storeConversationPages } from '../replay/conversation-pages/index.js';
import type { LogStore } from '../store/contract.js';
import { detectExecutor } from './detect-executor.js';
import { ingestLines } from './ingest-lines.js';
import { planExecution, type ImportPlan } from './map-execution.js';
import { assertDistinct, openSource, rowsPerExecution } from './open-source.js';
import { planOrphans } from './orphans.js';
import type { ImportOptions, ImportProgress, ImportReport } from './types.js';
import { verifyAll } from './verify-all.js';

/**
 * Imports every execution of a slow-layout database into `store`, folded and compacted; a re-run skips
 * what is already imported and redoes what was cut off. `verify` replays each one and compares it line by line.
 * @example
 * ```ts
 * const report = await importSlowLayout('old.db', new SqliteStore('tokenfold.db'), { verify: true });
 * console.log(formatImportReport(report));
 * ```
 */
export async function importSlowLayout(
  srcPath: string,
  store: LogStore,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const t0 = performance.now();
  assertDistinct(srcPath, store.location);
  const reader = openSource(srcPath);
  try {
    const { plans, nonUuidExecutions } = planAll(reader);
    const { perExec, nonUuid } = rowsPerExecution(reader);
    const [destBefore, bytesBefore] = [await store.storageFigures(), await store.sizeBytes()];
    const report = emptyReport(srcPath, store.location, plans.length);
    for (const f of perExec.values()) ((report.source.rows += f.rows), (report.source.logBytes += f.bytes));
    report.skippedNonUuid = { rows: nonUuid.rows, ids: nonUuid.ids, executions: nonUuidExecutions };
    const stats = newReadStats();
    const progress: ImportProgress = {
      phase: 'import',
      executionsDone: 0,
      executionsTotal: plans.length,
      rowsDone: 0,
      rowsTotal: report.source.rows,
      elapsedMs: 0,
    };
    let rowsBefore = 0;
    const tick = () => {
      progress.rowsDone = rowsBefore + stats.rows;
      progress.elapsedMs = performance.now() - t0;
      options.onProgress?.(progress);
    };
    const done: ImportPlan[] = [];
    for (const plan of plans) {
      await new Promise<void>((r) => setImmediate(r)); // lets a SIGINT handler run between executions
      if (options.signal?.aborted) {
        report.interrupted = true;
        break;
      }
      // The old layout says only "coding agent": which agent printed it, its lines tell.
      if (plan.executor === 'claude-code')
        plan.executor = detectExecutor(reader.readLines(plan.id), plan.executor);
      const existing = await store.getExecution(plan.id);
      const item = {
        id: plan.id,
        executor: plan.executor,
        kind: plan.kind,
        status: plan.status,
        orphan: plan.orphan,
        rowsRead: 0,
        lines: 0,
      };
      if (existing?.compacted) {
        // Imported by a version without conversation pages: stored now.
        if ((await readPagesHeader(store, existing)) === null)
          await storeConversationPages(store, existing, { turn: tick });
        report.executions.skipped++;
        report.list.push({
          ...item,
          executor: existing.executor,
          kind: existing.kind,
          status: existing.status,
          outcome: 'skipped',
          lines: existing.lines,
        });
        rowsBefore += perExec.get(plan.id)?.rows ?? 0;
      } else {
        if (existing !== null) await store.deleteExecution(plan.id);
        const before = { ...stats };
        const { execution } = await ingestLines(store, reader.readEntries(plan.id, { stats }), plan, tick);
        report.executions[existing !== null ? 'redone' : 'imported']++;
        report.lines += stats.lines - before.lines;
        report.events += stats.events - before.events;
        report.malformed += stats.malformed - before.malformed;
        report.deltasFolded += execution.deltasFolded;
        report.duplicatesDropped += execution.duplicatesDropped;
        if (plan.orphan) report.orphans++;
        report.list.push({
          ...item,
          outcome: existing !== null ? 'redone' : 'imported',
          rowsRead: stats.rows - before.rows,
          lines: stats.lines - before.lines,
        });
      }
      done.push(plan);
      progress.executionsDone++;
      tick();
    }
    report.rowsRead = stats.rows;
    report.elapsedMs = performance.now() - t0;
    report.rowsPerSecond = report.elapsedMs > 0 ? Math.round((stats.rows * 1000) / report.elapsedMs) : 0;
    const destAfter = await store.storageFigures();
    Object.assign(report.dest, {
      bytesBefore,
      bytesAfter: await store.sizeBytes(),
      rowsBefore: destBefore.rows,
      rowsAfter: destAfter.rows,
      recordBytesBefore: destBefore.bytes,
      recordBytesAfter: destAfter.bytes,
    });
    for (const plan of done) {
      const f = await store.storageFigures((await store.getExecution(plan.id))!.num);
      ((report.dest.sourceRows += f.rows), (report.dest.sourceRecordBytes += f.bytes));
    }
    if (options.verify)
      report.verify = await verifyAll(
        reader,
        store,
        done,
        done.reduce((n, p) => n + (perExec.get(p.id)?.rows ?? 0), 0),
        options.onProgress,
        !report.interrupted,
      );
    return report;
  } finally {
    reader.close();
  }
}

/**
 * Executions in rowid order, then orphaned logs. A copy without execution_processes has only orphans.
 * An execution row whose id is not a UUID is left out (reported); one id stored twice (blob and text) once.
 */
function planAll(reader: SlowLayoutReader): { plans: ImportPlan[]; nonUuidExecutions: string[] } {
  const nonUuidExecutions: string[] = [];
  const plans = new Map<string, ImportPlan>();
  for (const e of hasTable(reader.db, 'execution_processes') ? reader.listExecutions() : []) {
    if (!e.uuid) nonUuidExecutions.push(e.id);
    else if (!plans.has(e.id)) plans.set(e.id, planExecution(e));
  }
  return { plans: [...plans.values(), ...planOrphans(reader)], nonUuidExecutions };
}

function emptyReport(path: string, location: string, total: number): ImportReport {
  return {
    source: { path, fileBytes: databaseFileBytes(path), rows: 0, logBytes: 0, executions: total },
    dest: {
      location,
      bytesBefore: 0,
      bytesAfter: 0,
      rowsBefore: 0,
      rowsAfter: 0,
      recordBytesBefore: 0,
      recordBytesAfter: 0,
      sourceRows: 0,
      sourceRecordBytes: 0,
    },
    executions: { total, imported: 0, redone: 0, skipped: 0 },
    rowsRead: 0,
    lines: 0,
    deltasFolded: 0,
    duplicatesDropped: 0,
    events: 0,
    malformed: 0,
    orphans: 0,
    elapsedMs: 0,
    rowsPerSecond: 0,
    interrupted: false,
    skippedNonUuid: { rows: 0, ids: [], executions: [] },
    list: [],
    verify: null,
  };
}
