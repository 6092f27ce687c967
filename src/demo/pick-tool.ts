// Chooses the next tool call of a turn (weighted like a real coding session) and plans its input and result.
import type { RunContext } from './run-context.js';
import { bashTool, type PlannedTool } from './tool-bash.js';
import { editTool, globTool, grepTool, readTool, writeTool } from './tool-files.js';

/** `room`: deltas the run can still spend; big inputs (Write) only when there is room for them. */
export function pickTool(ctx: RunContext, room: number, readOnly = false): PlannedTool {
  const r = ctx.rng.next();
  if (r < 0.32) return readTool(ctx);
  if (r < 0.55) return bashTool(ctx);
  if (r < 0.72) return readOnly ? grepTool(ctx) : editTool(ctx);
  if (r < 0.86) return grepTool(ctx);
  if (r < 0.93) return globTool(ctx);
  return readOnly || room < 300 ? readTool(ctx) : writeTool(ctx);
}

/** Tokens a tool result adds to the conversation (about 4 characters a token). */
export function resultTokens(t: PlannedTool): number {
  const c = t.outcome.content;
  const len = typeof c === 'string' ? c.length : c.reduce((n, p) => n + p.text.length, 0);
  return Math.ceil(len / 4) + 12;
}
