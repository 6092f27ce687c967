// The agent whose output an imported coding-agent execution holds (Claude Code, Codex, Gemini CLI, Cursor,
// Qwen Code), recognised from its first stdout lines as `ingest --executor auto` does.
import { detectFormat } from '../formats/detect.js';
import type { ExecutorName } from '../store/types.js';

const HEAD_LINES = 50;

/** `fallback` when no line is JSON. Stops reading after the head: the lines are read again to import them. */
export function detectExecutor(
  lines: Iterable<{ stream: string; text: string }>,
  fallback: ExecutorName,
): ExecutorName {
  const head: string[] = [];
  for (const l of lines) {
    if (l.stream === 'stdout') head.push(l.text);
    if (head.length >= HEAD_LINES) break;
  }
  return detectFormat(head) ?? fallback;
}
