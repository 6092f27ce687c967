// The slow one-row-per-chunk layout tokenfold users migrate from: schema, baseline writer, reader, inspect.
export { hasTable, isSlowLayout } from './detect.js';
export type { LegacyDatabase, LegacyStatement } from './db.js';
export type { KindFigures, SlowLayoutDiagnosis } from './diagnosis.js';
export { formatDiagnosis } from './format-diagnosis.js';
export { inspectSlowLayout } from './inspect-slow-layout.js';
export type { LegacyLine } from './line-joiner.js';
export { forEachRecord, parseRecord, type Eol, type LegacyRecord } from './parse-record.js';
export { SLOW_LAYOUT_DDL, createSlowLayoutDatabase, createSlowLayoutSchema, kindOfRunReason, runReasonFor, type LegacyKind } from './schema.js';
export { SlowLayoutReader, newReadStats, type LegacyEvent, type LegacyExecution, type LegacyLogRow, type ReadOptions, type ReadStats } from './slow-reader.js';
export { SlowLayoutWriter, chunkRecord, type SlowExecution, type SlowWriterOptions } from './slow-writer.js';
export { blobToUuid, idFromColumn, uuidToBlob } from './uuid-blob.js';
