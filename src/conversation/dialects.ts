// The conversation dialect of each agent format.
import type { Dialect, DialectFactory } from './dialect.js';
import type { EntryStore } from './entry-store.js';
import { ClaudeDialect } from '../formats/claude-code/conversation.js';
import { CodexDialect } from '../formats/codex/conversation.js';
import { CursorDialect } from '../formats/cursor/conversation.js';
import { GeminiDialect } from '../formats/gemini/conversation.js';
import { QwenDialect } from '../formats/qwen-code/conversation.js';

const DIALECTS: Record<string, DialectFactory> = {
  'claude-code': (s) => new ClaudeDialect(s),
  'qwen-code': (s) => new QwenDialect(s),
  codex: (s) => new CodexDialect(s),
  gemini: (s) => new GeminiDialect(s),
  cursor: (s) => new CursorDialect(s),
};

/** The dialect for an executor; null for one that names no agent format (recognise it from the lines). */
export function dialectFor(executor: string, store: EntryStore): Dialect | null {
  const make = DIALECTS[executor];
  return make === undefined ? null : make(store);
}
