// Stored log records: what the folder writes and the replay reads. Bodies are JSON; short keys keep them small.
import type { SkeletonBase } from './skeleton.js';

export const RecordKind = {
  Lines: 1,
  Block: 2,
  /** Records packed and compressed: brotli (written by tokenfold 0.1, still read) or raw deflate. */
  Segment: 3,
  DeflateSegment: 4,
} as const;
/** A stored record's kind (the `kind` column). An `as const` object, not a `const enum`: consumers compiled with isolatedModules can read it. */
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export function isSegment(kind: RecordKind): boolean {
  return kind === RecordKind.Segment || kind === RecordKind.DeflateSegment;
}

/**
 * One verbatim line. `t` text or `b` base64 bytes (invalid UTF-8); `e` 1 = CRLF, 2 = no newline; `o` 1 = stderr;
 * `d` 1 = an exact repeat of a recent delta: kept for `raw`, left out of the other views.
 */
export interface LineEntry {
  s: number;
  a: number;
  t?: string;
  b?: string;
  e?: 1 | 2;
  o?: 1;
  d?: 1;
}

export interface LinesRecord {
  k: 'l';
  e: LineEntry[];
}

/**
 * A content block's items (all of them once the block is complete, or one flushed part of an open block).
 * An item is a delta line (its payload appended to its channel's text) or a progress line folded into the
 * block (channel with an empty delta type). Each item's line is its skeleton (skeleton.ts) with the
 * payload's JSON text in the hole.
 */
export interface BlockRecord {
  k: 'b';
  /** Block number within the execution: the parts of one block share it. */
  bn: number;
  /** Message id, content block index, parent_tool_use_id. */
  m: string;
  i: number;
  p: string | null;
  /** Block type, tool name and tool id from content_block_start, when seen. */
  bt?: string;
  tn?: string;
  ti?: string;
  /** Delta types and their payload fields, one per channel (e.g. thinking_delta/thinking, signature_delta/signature); '' for progress lines. */
  ch: string[];
  f: string[];
  /** Concatenated payload per channel, for the items of this record. */
  x: string[];
  /** Index of this record's first item within the block, and item count. */
  d0: number;
  n: number;
  /** Channel of each item; absent when the block has a single channel. */
  c?: number[];
  /** Payload length of each item (UTF-16 units): the chunk boundaries. */
  l: number[];
  /** Line sequence numbers and arrival offsets (ms): first absolute, then differences. */
  s: number[];
  a: number[];
  /** Line terminator of each item (Eol), absent when every item ends with LF. */
  e?: number[];
  /** How each item's payload is escaped (json-text.ts), absent when every one is as JSON.stringify writes it. */
  q?: number[];
  /** Skeleton scripts and their texts (see fold/skeleton.ts). */
  sk: number[];
  kt: string;
  /** Per channel, its skeleton before this record's first item (a record that starts mid-block). */
  kb?: SkeletonBase[];
  /** 1 once content_block_stop or message_stop was seen. */
  done: 0 | 1;
}

export type LogRecord = LinesRecord | BlockRecord;

/** A record as written to or read from a store row. */
export interface StoredRecord {
  recordNo: number;
  kind: RecordKind;
  seqFirst: number;
  seqLast: number;
  /** JSON text for Lines/Block, compressed bytes for Segment. */
  body: string | Buffer;
}
