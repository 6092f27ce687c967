// Renders conversation entries as readable terminal text (`tokenfold logs ID --format conversation`).
import { stripAnsi } from './ansi.js';
import { formatCost, formatCount, formatDuration } from './format-numbers.js';
import { firstLine, toolSummary } from './tool-summary.js';
import type { ConversationEntry, ResultEntry, ToolCallEntry } from './types.js';

export interface TerminalOptions {
  color: boolean;
  /** Header and preview lines are cut to this many columns (default 100). */
  width?: number;
}

type Paint = (s: string) => string;
const sgr =
  (open: string, close: string): Paint =>
  (s) =>
    `\x1b[${open}m${s}\x1b[${close}m`;
const COLORS = {
  bold: sgr('1', '22'),
  dim: sgr('2', '22'),
  italic: sgr('3', '23'),
  red: sgr('31', '39'),
  green: sgr('32', '39'),
  yellow: sgr('33', '39'),
  cyan: sgr('36', '39'),
  magenta: sgr('35', '39'),
};
const PLAIN: typeof COLORS = Object.fromEntries(
  Object.keys(COLORS).map((k) => [k, (s: string) => s]),
) as typeof COLORS;

const RESULT_PREVIEW_LINES = 3;
const THINKING_PREVIEW_CHARS = 240;

/** One entry (and, for a sub-agent call, its nested entries) as text without a trailing newline. */
export function renderEntryForTerminal(entry: ConversationEntry, options: TerminalOptions): string {
  const c = options.color ? COLORS : PLAIN;
  const width = Math.max(20, options.width ?? 100);
  switch (entry.kind) {
    case 'user':
      return `${c.bold(c.cyan('❯ User'))}\n${indent(entry.text)}`;
    case 'assistant-text':
      return `${c.bold(c.magenta('● Assistant'))}${entry.streaming ? c.dim(' …') : ''}\n${indent(entry.text)}`;
    case 'thinking': {
      const flat = entry.text.replace(/\s+/g, ' ').trim();
      const short =
        flat.length > THINKING_PREVIEW_CHARS ? flat.slice(0, THINKING_PREVIEW_CHARS - 1) + '…' : flat;
      return c.dim(c.italic(cut(`✻ Thinking${short === '' ? '' : '  ' + short}`, width * 3)));
    }
    case 'tool-call':
      return renderToolCall(entry, options, c, width);
    case 'system':
      return c.dim(cut(`· ${entry.text}`, width));
    case 'result':
      return renderResult(entry, c);
    case 'error':
      return c.red(`✗ Error: ${entry.text}`);
    case 'raw':
      return options.color ? entry.text : stripAnsi(entry.text);
  }
}

function renderToolCall(e: ToolCallEntry, options: TerminalOptions, c: typeof COLORS, width: number): string {
  const summary = toolSummary(e.name, e.input);
  const head = cut(`▸ ${e.name}${summary === '' ? '' : '  ' + summary}`, width);
  const nameEnd = 2 + e.name.length;
  const lines = [c.bold(head.slice(0, nameEnd)) + head.slice(nameEnd)];
  for (const child of e.children)
    lines.push(prefixLines(renderEntryForTerminal(child, { ...options, width: width - 4 }), c.dim('  │ ')));
  if (e.result === undefined) {
    lines.push(c.dim(e.status === 'running' ? '  ⎿  running…' : '  ⎿  (no output)'));
  } else {
    const paint = e.result.isError ? c.red : (s: string) => s;
    const all = stripAnsi(e.result.text).split('\n');
    while (all.length > 0 && all[all.length - 1]!.trim() === '') all.pop();
    const shown = all.slice(0, RESULT_PREVIEW_LINES);
    if (shown.length === 0) shown.push('(no output)');
    shown.forEach((l, i) => lines.push(paint(cut(`${i === 0 ? '  ⎿  ' : '     '}${l}`, width))));
    if (all.length > shown.length) lines.push(c.dim(`     … +${all.length - shown.length} lines`));
  }
  return lines.join('\n');
}

function renderResult(e: ResultEntry, c: typeof COLORS): string {
  const parts: string[] = [];
  if (e.durationMs !== null) parts.push(formatDuration(e.durationMs));
  if (e.numTurns !== null) parts.push(`${e.numTurns} turn${e.numTurns === 1 ? '' : 's'}`);
  if (e.costUsd !== null) parts.push(formatCost(e.costUsd));
  const u = e.usage;
  parts.push(
    `${formatCount(u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens)} in / ${formatCount(u.outputTokens)} out tokens`,
  );
  const head = e.isError ? c.red(c.bold('✗ Failed')) : c.green(c.bold('✓ Done'));
  const line = `${head}  ${c.dim(parts.join(' · '))}`;
  return e.isError && e.text !== '' ? `${line}\n${indent(c.red(e.text))}` : line;
}

const indent = (text: string): string => prefixLines(text, '  ');

function prefixLines(text: string, prefix: string): string {
  return prefix + text.replace(/\n/g, '\n' + prefix);
}

/** Cuts a line to `width` columns (by code points, ignoring wide characters). */
function cut(line: string, width: number): string {
  const one = line.includes('\n') ? firstLine(line, Number.MAX_SAFE_INTEGER) : line;
  return one.length > width ? one.slice(0, width - 1) + '…' : one;
}
