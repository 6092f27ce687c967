// The agent-format contract: how a line of an agent's stdout is classified for folding.
// The core owns these types; each format (Claude Code stream-json now, others later) implements them.
// A format only says where things are in a line: the folder keeps everything around a delta's payload
// (the line's "skeleton") itself, so any field a format does not know still regenerates byte for byte.
import type { Escape } from '../records/json-text.js';

/** A streaming delta that can be folded into its content block. Reused between calls: copy what you keep. */
export interface DeltaLine {
  /** parent_tool_use_id (null for the main agent). */
  parent: string | null;
  /** content block index within its message. */
  index: number;
  /** Delta type, e.g. `text_delta`, and the name of its payload field, e.g. `text`. */
  deltaType: string;
  field: string;
  /** The payload's value; `jsonText(payload, escape)` is exactly the line's text in [start, end). */
  payload: string;
  start: number;
  end: number;
  escape: Escape;
  /** Identity used to leave exact repeats out of the deltas view (with an equal payload): the uuid, or the whole line; '' when the format has no line identity (never a repeat). */
  dedupeKey: string;
  /** The format's own block identity (e.g. Codex's item id), used as the block's message id instead of the last `message_start`'s. */
  block?: string;
}

/** Structure events the folder needs to know where blocks and messages begin and end. */
export type ControlLine =
  | { kind: 'message_start'; parent: string | null; messageId: string }
  | {
      kind: 'block_start';
      parent: string | null;
      index: number;
      blockType: string;
      toolName: string | null;
      toolId: string | null;
    }
  | { kind: 'block_stop'; parent: string | null; index: number }
  /** Closes the open blocks of `messageId` (default: the parent's current message). */
  | { kind: 'message_stop'; parent: string | null; messageId?: string };

export type Classified =
  | { kind: 'delta'; delta: DeltaLine }
  | { kind: 'control'; control: ControlLine }
  /** A per-delta progress line (e.g. Claude Code's `system/thinking_tokens`): it folds into the open block it interleaves with. */
  | { kind: 'progress'; parent: string | null | undefined }
  /** A delta the format recognised but cannot fold (kept verbatim); `reason` is counted so that format drift shows. */
  | { kind: 'unfoldable'; reason: string }
  | { kind: 'other' };

export interface AgentFormat {
  readonly name: string;
  /** Classifies one decoded stdout line. Must never throw: unknown input is `other`. */
  classify(line: string): Classified;
  /**
   * The agent's session id in a run's stdout lines (any order, folded deltas are fine), for a follow-up prompt
   * that continues it (`claude --resume ID`); null when the run names none. Absent: the agent cannot resume.
   */
  sessionIdOf?(lines: Iterable<string>): string | null;
}
