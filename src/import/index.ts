// Migration from the slow one-row-per-chunk layout: the library API and its report.
export { importSlowLayout } from './import-slow-layout.js';
export { formatDifferences, formatImportReport, skippedLine } from './format-import-report.js';
export { ORPHAN_LABEL, mapStatus, planExecution } from './map-execution.js';
export { progressPrinter, type ProgressPrinter } from './progress-printer.js';
export { EVENT_KEY, eventText } from './source-lines.js';
export type {
  ImportOptions,
  ImportProgress,
  ImportReport,
  ImportedExecution,
  VerifyDifference,
  VerifyReport,
} from './types.js';
