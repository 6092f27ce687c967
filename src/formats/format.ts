// The agent-format contract: how a line of an agent's stdout is classified for folding.
// The core owns these types; each format (Claude Code stream-json now, others later) implements them.

/** A streaming delta that can be folded into its content block. Reused between calls: copy what you keep. */
export interface DeltaLine {
  /** parent_tool_use_id (null for the main agent). */
  parent: string | null;
  /** content block index within its message. */
  index: number;
  /** Delta type, e.g. `text_delta`, and the name of its payload field, e.g. `text`. */
  deltaType: string;
  field: string;
  payload: string;
  sessionId: string;
  /** Top-level key order of the line, used as a template (e.g. `_t,type,event,session_id,parent_tool_use_id,uuid`). */
  template: string;
  /** Values of the extra numeric top-level fields (e.g. a capture tool's `_t`), in template order. */
  extras: number[];
  /** Identity used to drop exact repeats (with an equal payload): the uuid, or the whole line without one. */
  dedupeKey: string;
}

/** Structure events the folder needs to know where blocks and messages begin and end. */
export type ControlLine =
  | { kind: 'message_start'; parent: string | null; messageId: string }
  | { kind: 'block_start'; parent: string | null; index: number; blockType: string; toolName: string | null; toolId: string | null }
  | { kind: 'block_stop'; parent: string | null; index: number }
  | { kind: 'message_stop'; parent: string | null };

export type Classified = { kind: 'delta'; delta: DeltaLine } | { kind: 'control'; control: ControlLine } | { kind: 'other' };

export interface AgentFormat {
  readonly name: string;
  /** Classifies one decoded stdout line. Must never throw: unknown input is `other`. */
  classify(line: string): Classified;
  /** Rebuilds a delta line from its folded parts (JSON-equal to the original apart from its uuid). */
  renderDelta(parts: RenderDeltaParts): string;
  /** The same, compiled once for the deltas of one block and channel (the replay hot path). */
  deltaRenderer(shape: DeltaShape): DeltaRenderer;
}

/** What all deltas of one block channel share. */
export interface DeltaShape {
  template: string;
  sessionId: string;
  parent: string | null;
  index: number;
  deltaType: string;
  field: string;
}

export type DeltaRenderer = (payload: string, extras: readonly number[], uuid: string) => string;

export interface RenderDeltaParts extends DeltaShape {
  extras: readonly number[];
  payload: string;
  uuid: string;
}
