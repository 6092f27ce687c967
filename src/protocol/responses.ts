// Response bodies of the HTTP API and SSE event data, as the server sends them and the page reads them.
import type { Execution, ExecutionStatus } from '../store/types.js';
import type { ErrorCode } from '../errors.js';

/** Rows and bytes an execution's records take in the database. */
export interface StorageFiguresBody {
  rows: number;
  bytes: number;
  derivedBytes: number;
}

/** `GET /api/executions/:id`, each item of `GET /api/executions`; `storage` is added by those two routes. */
export interface ExecutionBody extends Execution {
  storage?: StorageFiguresBody;
  /** `GET /api/executions/:id` only: the run this one continues, and the follow-ups that continue it (oldest first). */
  previous?: string | null;
  next?: string[];
}

/** `GET /api/executions`: newest first; pass `nextCursor` as `before` for the next page. */
export interface ExecutionListBody {
  items: ExecutionBody[];
  nextCursor: number | null;
}

/** An item of the line views (`deltas`, `raw`, `folded`) of `GET /api/executions/:id/logs`. */
export interface LogItemBody {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
  /** ms since the execution started. */
  at: number;
  /** The line was not valid UTF-8 (`text` is decoded lossily). */
  binary?: true;
}

/** A JSON page of `GET /api/executions/:id/logs` (not `format=conversation`). */
export interface LogPageBody<T = LogItemBody> {
  items: T[];
  nextCursor: number | null;
  prevCursor: number | null;
  lastSeq: number;
}

/** `GET /api/executions/:id/logs?format=conversation&tail=N[&before=K]`: top-level entries [start, start + items.length) of `total`. */
export interface ConversationPageBody<T = unknown> {
  items: T[];
  start: number;
  total: number;
  lastSeq: number;
}

/** `GET /api/executions/:id/search?q=`: matching top-level entries by index (as in conversation pages), `count` of all. */
export interface SearchBody {
  hits: { index: number; id: string; seq: number }[];
  count: number;
  total: number;
}

/** Every error response: `code` is stable (docs/API.md), `field` names the request field at fault. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** Data of the `finished` event that ends every execution stream. */
export interface FinishedEventData {
  status: ExecutionStatus;
  exitCode: number | null;
  signal: string | null;
}

/** Data of the `progress` event of `GET /api/events` (throttled, running executions only). */
export interface ProgressEventData {
  id: string;
  lines: number;
  deltasFolded: number;
  bytesIn: number;
}

/** Data of the `deleted` event (feed and execution streams). */
export interface DeletedEventData {
  id: string;
}

/** `DELETE /api/executions/:id`. */
export interface DeleteExecutionBody {
  deleted: string;
  status: ExecutionStatus;
  databaseBytes: { before: number; after: number };
}
