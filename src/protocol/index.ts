// The HTTP protocol shared by the server and the web page: event and header names, executor and view names,
// request and response types. Browser-safe: constants and types only; the route schemas (TypeBox values)
// are imported by the server from ./schemas.js, the page takes their types only.
export {
  CONVERSATION_EVENTS,
  DELETED_EVENT,
  FEED_EVENTS,
  FINISHED_EVENT,
  LINE_EVENTS,
  type EscapedLine,
} from './sse-events.js';
export {
  CURSOR_HEADERS,
  ENTRY_TEXT_HEADERS,
  ENTRY_TEXT_PARTS,
  LINES_CONTENT_TYPE,
  LOG_BODY_FORMS,
  TOKEN_PARAM,
  type EntryTextPart,
  type LogBodyForm,
} from './headers.js';
export {
  CREATE_EXECUTORS,
  DEMO_AGENT_FORMATS,
  LOG_VIEWS,
  STREAM_VIEWS,
  type CreateExecutor,
  type DemoAgentFormat,
  type LogView,
  type StreamView,
} from './names.js';
export type {
  CreateExecutionBody,
  DeleteExecutionQuery,
  ExecutionParams,
  ListExecutionsQuery,
  LogsQuery,
  SearchQuery,
  StreamQuery,
} from './schemas.js';
export type {
  ConversationPageBody,
  SearchBody,
  DeletedEventData,
  DeleteExecutionBody,
  ErrorBody,
  ExecutionBody,
  ExecutionListBody,
  FinishedEventData,
  LogItemBody,
  LogPageBody,
  ProgressEventData,
  StorageFiguresBody,
} from './responses.js';
export {
  EXECUTION_KINDS,
  EXECUTION_STATUSES,
  EXECUTORS,
  type Execution,
  type ExecutionKind,
  type ExecutionStatus,
  type ExecutorName,
} from '../store/types.js';
export type { ErrorCode } from '../errors.js';
