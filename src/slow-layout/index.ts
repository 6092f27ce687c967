/**
 * The `tokenfold/slow-layout` entry: diagnose a database in the slow one-row-per-chunk layout tokenfold users
 * migrate from, and import it into a tokenfold store. The layout's reader, writer and schema stay internal
 * (benchmarks and tests import them from their files).
 *
 * @module
 * @example
 * ```ts
 * import { SqliteStore } from 'tokenfold';
 * import { importSlowLayout, inspectSlowLayout } from 'tokenfold/slow-layout';
 *
 * console.log(inspectSlowLayout('old.db').executions);
 * const report = await importSlowLayout('old.db', new SqliteStore('tokenfold.db'), { verify: true });
 * ```
 */
export type { KindFigures, SlowLayoutDiagnosis } from './diagnosis.js';
export { formatDiagnosis } from './format-diagnosis.js';
export { inspectSlowLayout } from './inspect-slow-layout.js';
export { importSlowLayout, formatImportReport } from '../import/index.js';
export type {
  ImportOptions,
  ImportProgress,
  ImportReport,
  ImportedExecution,
  VerifyDifference,
  VerifyReport,
} from '../import/index.js';
