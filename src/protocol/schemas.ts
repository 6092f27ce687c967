// The HTTP routes' request schemas: the one source of the request types (TypeBox `Static`), of validation
// (Fastify's Ajv) and of the OpenAPI document (/api/openapi.json). Strictness: a value of the wrong type is a
// 400, never coerced; an unknown property or parameter is a 400 naming it; integer query parameters are
// strings here and parsed as decimal digits by the route (src/http/query.ts), so `1e3` or `0x10` is refused.
import { Type, type Static } from '@sinclair/typebox';
import { EXECUTION_KINDS, EXECUTION_STATUSES } from '../store/types.js';
import { ENTRY_TEXT_PARTS, LOG_BODY_FORMS, TOKEN_PARAM } from './headers.js';
import { CREATE_EXECUTORS, DEMO_AGENT_FORMATS, LOG_VIEWS, STREAM_VIEWS } from './names.js';

/** A string enum as JSON Schema `enum` (not TypeBox's anyOf of literals): one error naming the allowed values. */
const StringEnum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** An integer query parameter: decimal digits, checked and converted by the route. */
const IntParam = (description: string) =>
  Type.String({ maxLength: 32, description: `${description}; decimal digits` });

const token = {
  [TOKEN_PARAM]: Type.Optional(
    Type.String({ description: 'The access token, where a header cannot be sent' }),
  ),
};

export const ExecutionParams = Type.Object({ id: Type.String({ description: 'Execution id (a UUID)' }) });
export type ExecutionParams = Static<typeof ExecutionParams>;

export const CreateExecutionBody = Type.Object(
  {
    executor: StringEnum(CREATE_EXECUTORS),
    prompt: Type.Optional(Type.String({ maxLength: 100_000 })),
    format: Type.Optional(
      StringEnum(DEMO_AGENT_FORMATS, 'The agent format the demo agent prints (executor `demo`)'),
    ),
    command: Type.Optional(
      Type.String({ maxLength: 10_000, description: 'Shell command line (executor `command`)' }),
    ),
    cwd: Type.Optional(Type.String({ maxLength: 4096 })),
    kind: Type.Optional(StringEnum(EXECUTION_KINDS)),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    resume: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Id of an agent run whose session this prompt continues',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateExecutionBody = Static<typeof CreateExecutionBody>;

export const ListExecutionsQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(EXECUTION_STATUSES)),
    kind: Type.Optional(StringEnum(EXECUTION_KINDS)),
    limit: Type.Optional(IntParam('Page size, 1 to 500 (default 50)')),
    before: Type.Optional(IntParam('`nextCursor` of the previous page')),
    ...token,
  },
  { additionalProperties: false },
);
export type ListExecutionsQuery = Static<typeof ListExecutionsQuery>;

export const LogsQuery = Type.Object(
  {
    format: Type.Optional(StringEnum(LOG_VIEWS, 'The view (default messages)')),
    as: Type.Optional(StringEnum(LOG_BODY_FORMS, '`lines`: text/plain, one item per line (line views only)')),
    cursor: Type.Optional(IntParam('Items with seq > cursor (-1: from the start)')),
    before: Type.Optional(IntParam('Items with seq < before (paging backwards)')),
    limit: Type.Optional(IntParam('Page size, 1 to 100000')),
    tail: Type.Optional(
      IntParam(
        'The last N items, 1 to 100000 (format=conversation: top-level entries before `before`, an entry index)',
      ),
    ),
    full: Type.Optional(
      StringEnum(
        ['0', '1'] as const,
        '`1` (format=conversation with tail/before): texts whole, not cut at 64 KiB',
      ),
    ),
    download: Type.Optional(
      StringEnum(['0', '1'] as const, '`1`: the whole history as an attachment, streamed'),
    ),
    stored: Type.Optional(
      StringEnum(
        ['0', '1'] as const,
        '`1` (format=conversation with tail/before): only from the stored conversation pages of a finished agent run, 204 without them (nothing is built)',
      ),
    ),
    entry: Type.Optional(
      IntParam(
        "format=conversation: a piece of this top-level entry's text, as text/plain (headers tokenfold-text-length and tokenfold-text-next)",
      ),
    ),
    from: Type.Optional(IntParam("With `entry`: the piece's first character (UTF-16 units), default 0")),
    chars: Type.Optional(IntParam("With `entry`: the piece's characters, 1 to 4194304 (default 262144)")),
    part: Type.Optional(
      StringEnum(ENTRY_TEXT_PARTS, 'With `entry`: which text (tool calls: input or result), default text'),
    ),
    ...token,
  },
  { additionalProperties: false },
);
export type LogsQuery = Static<typeof LogsQuery>;

export const StreamQuery = Type.Object(
  {
    format: Type.Optional(StringEnum(STREAM_VIEWS, 'The view (default deltas)')),
    lastEventId: Type.Optional(
      IntParam('Resume after this seq (for clients that cannot send Last-Event-ID)'),
    ),
    ...token,
  },
  { additionalProperties: false },
);
export type StreamQuery = Static<typeof StreamQuery>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'Text to find (case-insensitive) in every conversation entry',
    }),
    limit: Type.Optional(IntParam('Hits returned, 1 to 100000 (default 10000)')),
    ...token,
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const DeleteExecutionQuery = Type.Object(
  {
    force: Type.Optional(
      StringEnum(['0', '1'] as const, '`1`: stop a running execution first (otherwise 409)'),
    ),
    ...token,
  },
  { additionalProperties: false },
);
export type DeleteExecutionQuery = Static<typeof DeleteExecutionQuery>;

/** Query of routes that take no parameter but the token. */
export const TokenQuery = Type.Object({ ...token }, { additionalProperties: false });
export type TokenQuery = Static<typeof TokenQuery>;
