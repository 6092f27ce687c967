// Conversation model: Claude Code stream-json lines → conversation entries, plus browser-safe renderers' helpers.
export type * from './types.js';
export { ConversationBuilder } from './builder.js';
export { flattenEntries, walkEntries, type ConversationRow } from './flatten.js';
export { renderEntryForTerminal, type TerminalOptions } from './render-terminal.js';
export { toolSummary, isSubAgentCall, firstLine } from './tool-summary.js';
export {
  parseAnsi,
  stripAnsi,
  afterCarriageReturn,
  paletteHex,
  type AnsiSpan,
  type AnsiStyle,
  type AnsiColor,
} from './ansi.js';
export { parseMarkdown, type MdBlock, type MdInline } from './markdown.js';
export { formatBytes, formatCost, formatCount, formatDuration } from './format-numbers.js';
