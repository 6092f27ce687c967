// Conversation entries: what a Claude Code stream-json run looks like to a reader (JSON-serialisable).

interface EntryBase {
  id: string;
  /** parent_tool_use_id: the sub-agent (Task/Agent tool call) this entry belongs to, or null for the main agent. */
  parent: string | null;
  /** Sequence number of the line that created or last updated the entry. */
  seq: number;
  /** Set on entries sent to the page with a text cut short (the whole entry: `logs?format=conversation&full=1`). */
  truncated?: boolean;
}

export interface UserEntry extends EntryBase {
  kind: 'user';
  text: string;
}

export interface AssistantTextEntry extends EntryBase {
  kind: 'assistant-text';
  /** Markdown. */
  text: string;
  streaming: boolean;
}

export interface ThinkingEntry extends EntryBase {
  kind: 'thinking';
  text: string;
  streaming: boolean;
}

export interface ToolResult {
  text: string;
  isError: boolean;
}

export interface ToolCallEntry extends EntryBase {
  kind: 'tool-call';
  /** The tool_use id. */
  id: string;
  name: string;
  input: unknown;
  /** The input as JSON text (grows while input_json_delta lines stream in). */
  inputText: string;
  status: 'running' | 'done' | 'error';
  result?: ToolResult;
  /** Entries whose parent is this call (a sub-agent's conversation), in order. Empty for ordinary tools. */
  children: ConversationEntry[];
}

export interface SystemEntry extends EntryBase {
  kind: 'system';
  subtype: string;
  text: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

export interface ResultEntry extends EntryBase {
  kind: 'result';
  isError: boolean;
  subtype: string;
  durationMs: number | null;
  numTurns: number | null;
  costUsd: number | null;
  usage: Usage;
  text: string;
}

export interface ErrorEntry extends EntryBase {
  kind: 'error';
  text: string;
}

export interface RawEntry extends EntryBase {
  kind: 'raw';
  stream: 'stdout' | 'stderr';
  text: string;
}

export type ConversationEntry =
  | UserEntry
  | AssistantTextEntry
  | ThinkingEntry
  | ToolCallEntry
  | SystemEntry
  | ResultEntry
  | ErrorEntry
  | RawEntry;

export type EntryKind = ConversationEntry['kind'];

/** A loosely typed JSON object, as parsed from a line. */
export type Json = Record<string, unknown>;
