// Demo runs of every agent format: the generated Claude Code run, printed as each agent prints it.
import { generateClaudeRun, type ClaudeRunOptions } from '../claude-run.js';
import type { TimedLine } from '../run-context.js';
import { claudeEvents } from './claude-events.js';
import { codexPrinter, cursorPrinter, geminiPrinter, printRun } from './printers.js';
import { qwenLines } from './qwen.js';

export const DEMO_FORMATS = ['claude-code', 'codex', 'gemini', 'cursor', 'qwen-code'] as const;
export type DemoFormat = (typeof DEMO_FORMATS)[number];

export function generateRun(format: DemoFormat, opts: ClaudeRunOptions): Iterable<TimedLine> {
  const run = generateClaudeRun(opts);
  switch (format) {
    case 'claude-code':
      return run;
    case 'qwen-code':
      return qwenLines(run);
    case 'gemini':
      return printRun(claudeEvents(run), geminiPrinter(), opts.startTime ?? Date.now());
    case 'cursor':
      return printRun(claudeEvents(run), cursorPrinter(), opts.startTime ?? Date.now());
    case 'codex':
      return printRun(claudeEvents(run), codexPrinter(), opts.startTime ?? Date.now());
  }
}
