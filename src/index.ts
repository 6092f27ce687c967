/**
 * tokenfold's library entry (`import … from 'tokenfold'`): store a recorded agent run folded, read it back as
 * messages, regenerated lines or a conversation. Loads SQLite and no web server (the HTTP server is
 * `tokenfold/server`, the slow-layout migration `tokenfold/slow-layout`).
 *
 * What is here is what an orchestrator needs: ingest a stream, open a store, read and replay, the storage
 * contract to write another backend against, the agent formats. Left out on purpose: the write pipeline's
 * parts (`BatchWriter`, `ExecutionLog`, `Folder`, `LineSplitter`: the server's `ExecutionManager` and
 * `ingestStream` assemble them, and their contracts change with the hot path), the segment inflater
 * (a worker-thread singleton the server starts), and `compactExecution` (ingest and the server compact).
 *
 * Functions whose code lives in folders other teams change often are re-bound here with their
 * documentation, so the public contract and its examples are read in one file.
 *
 * @module
 * @example
 * ```ts
 * import { SqliteStore, ingestStream, readRecords, toMessages } from 'tokenfold';
 * import { createReadStream } from 'node:fs';
 *
 * const store = new SqliteStore('./runs.db');
 * const { execution } = await ingestStream(store, createReadStream('run.jsonl'), { executor: 'claude-code', kind: 'coding-agent' });
 * const messages = toMessages(await readRecords(store, execution)); // one item per content block or other line
 * await store.close();
 * ```
 */
import { ingestStream as ingestStreamImpl } from './pipeline/ingest.js';
import { readEntries as readEntriesImpl, readRecords as readRecordsImpl } from './replay/read-history.js';
import { expandRecords as expandRecordsImpl } from './replay/expand.js';
import { toMessages as toMessagesImpl } from './replay/messages.js';
import { pageRecords as pageRecordsImpl } from './replay/read-log.js';
import { toConversation as toConversationImpl } from './replay/conversation.js';
import { entryBytes as entryBytesImpl, entryText as entryTextImpl } from './replay/entry.js';
import { formatFor as formatForImpl } from './formats/registry.js';
import { detectFormat as detectFormatImpl } from './formats/detect.js';

export { TokenfoldError, ERROR_CODES, type ErrorCode } from './errors.js';

// Storage: the contract every backend implements, its types, and the SQLite backend.
export type {
  FoldFigures,
  LogStore,
  RecordPut,
  StorageFigures,
  StoreCapabilities,
  WriteBatch,
} from './store/contract.js';
export type { StorageHealth } from './store/health.js';
export { EXECUTION_KINDS, EXECUTION_STATUSES, EXECUTORS } from './store/types.js';
export type {
  Execution,
  ExecutionKind,
  ExecutionPatch,
  ExecutionStatus,
  ExecutorName,
  ListQuery,
  NewExecution,
} from './store/types.js';
export {
  RecordKind,
  type BlockRecord,
  type LineEntry,
  type LinesRecord,
  type LogRecord,
  type StoredRecord,
} from './records/types.js';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
export type { SqliteDatabase, SqliteStatement } from './store/sqlite/driver.js';

// Lines and agent formats.
export { Eol, type RawLine, type StreamName } from './ingest/line.js';
export type { AgentFormat, Classified, ControlLine, DeltaLine } from './formats/format.js';
export type { DetectedFormat } from './formats/detect.js';
export { claudeCodeFormat } from './formats/claude-code/index.js';
export { codexFormat } from './formats/codex/index.js';
export { cursorFormat } from './formats/cursor/index.js';
export { geminiFormat } from './formats/gemini/index.js';
export { qwenCodeFormat } from './formats/qwen-code/index.js';
export { BULK_FLUSH_POLICY, DEFAULT_FLUSH_POLICY, type FlushPolicy } from './fold/flush-policy.js';

// Read and replay: types.
export type { IngestOptions, IngestResult, IngestSource } from './pipeline/ingest.js';
export type { ReplayEntry } from './replay/entry.js';
export type { ExpandOptions } from './replay/expand.js';
export type { BlockMessage, LineMessage, Message } from './replay/messages.js';
export {
  LOG_FORMATS,
  type LogFormat,
  type LogItem,
  type LogPage,
  type LogPageQuery,
} from './replay/read-log.js';
export { ConversationBuilder, type ConversationEntry } from './conversation/index.js';

/**
 * The agent format an executor's stdout is folded with, or null for plain lines.
 * @example
 * ```ts
 * formatFor('claude-code') === claudeCodeFormat; // true
 * formatFor('command'); // null
 * ```
 */
export const formatFor: typeof formatForImpl = formatForImpl;

/**
 * Recognises an agent format from the first lines of a stream (null when none matches).
 * @example
 * ```ts
 * detectFormat(['{"type":"system","subtype":"init","session_id":"s"}']); // 'claude-code'
 * ```
 */
export const detectFormat: typeof detectFormatImpl = detectFormatImpl;

/**
 * Stores a recorded stream (a file, stdin, chunks tagged with their stream) as one finished, compacted
 * execution; deltas are folded on the way in.
 * @example
 * ```ts
 * const { execution, compaction } = await ingestStream(store, process.stdin, { executor: 'claude-code', kind: 'coding-agent' });
 * console.log(execution.id, execution.deltasFolded, compaction.rowsAfter);
 * ```
 */
export const ingestStream: typeof ingestStreamImpl = ingestStreamImpl;

/**
 * An execution's stored records, decoded (segments decompressed), in record order.
 * @example
 * ```ts
 * const execution = await store.getExecution(id);
 * if (execution) console.log(toMessages(await readRecords(store, execution)));
 * ```
 */
export const readRecords: typeof readRecordsImpl = readRecordsImpl;

/**
 * An execution's original lines, regenerated from its records (deltas included), ordered by seq.
 * @example
 * ```ts
 * for (const e of await readEntries(store, execution)) process.stdout.write(entryBytes(e));
 * ```
 */
export const readEntries: typeof readEntriesImpl = readEntriesImpl;

/**
 * Expands decoded records into the original line sequence (`repeats`: with exact repeats, the raw view).
 * @example
 * ```ts
 * const lines = expandRecords(await readRecords(store, execution), { afterSeq: 100 });
 * ```
 */
export const expandRecords: typeof expandRecordsImpl = expandRecordsImpl;

/**
 * The `messages` view: one item per content block (its text per delta type) and one per other line.
 * @example
 * ```ts
 * const text = toMessages(records).flatMap((m) => (m.type === 'block' ? [m.content.text ?? ''] : [])).join('');
 * ```
 */
export const toMessages: typeof toMessagesImpl = toMessagesImpl;

/**
 * One page of a view (`messages`, `deltas`, `raw` or `folded`), forwards from `cursor` or the last `tail` items.
 * @example
 * ```ts
 * const page = pageRecords(records, formatFor(execution.executor), { format: 'deltas', tail: 100 });
 * // older: pageRecords(records, format, { format: 'deltas', before: page.prevCursor!, limit: 100 })
 * ```
 */
export const pageRecords: typeof pageRecordsImpl = pageRecordsImpl;

/**
 * Replayed lines folded into conversation entries (user and assistant text, tool calls and results).
 * @example
 * ```ts
 * const { items } = toConversation(expandRecords(records), execution.executor);
 * ```
 */
export const toConversation: typeof toConversationImpl = toConversationImpl;

/**
 * The exact bytes of a replayed line as the agent printed them, terminator included.
 * @example
 * ```ts
 * writeFileSync('run.jsonl', Buffer.concat((await readEntries(store, execution)).map(entryBytes)));
 * ```
 */
export const entryBytes: typeof entryBytesImpl = entryBytesImpl;

/**
 * A replayed line as text with its terminator (invalid UTF-8 decoded lossily; `entryBytes` is exact).
 * @example
 * ```ts
 * const text = (await readEntries(store, execution)).map(entryText).join('');
 * ```
 */
export const entryText: typeof entryTextImpl = entryTextImpl;
