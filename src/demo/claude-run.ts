// generateClaudeRun: a realistic, deterministic Claude Code run as printed with
// `--verbose --output-format=stream-json --include-partial-messages`, each line with the delay before it.
import { Rng } from './prng.js';
import { finalTurn, toolTurn } from './main-turn.js';
import { Conversation, RunContext, type TimedLine } from './run-context.js';
import type { DeltaStyle } from './split-deltas.js';
import { compactionLines, initLine, promptLine, rateLimitLine, resultLine } from './stream-lines.js';
import { makeTopic } from './topic.js';
import { paragraph } from './prose.js';

export type { TimedLine } from './run-context.js';
export type { DeltaStyle } from './split-deltas.js';

export interface ClaudeRunOptions {
  seed: number;
  /** Approximate number of content_block_delta lines (default 400). */
  targetDeltas?: number;
  /** The user's prompt (echoed as the first user message); default: a generated coding task. */
  prompt?: string;
  /** 'word': one word per delta (older models); 'chunk': ~90 characters per delta (newer). Default 'chunk'. */
  deltaStyle?: DeltaStyle;
  /** Let the agent call the Task tool, whose sub-agent streams with parent_tool_use_id set (default true). */
  subAgents?: boolean;
  sessionId?: string;
  /** Epoch ms the run starts at, for timestamps (default: a fixed date derived from the seed). */
  startTime?: number;
}

const COMPACT_AT = 160_000;

export function* generateClaudeRun(opts: ClaudeRunOptions): Generator<TimedLine> {
  const rng = new Rng(opts.seed);
  const topic = makeTopic(rng.fork(), opts.prompt);
  const style: DeltaStyle = opts.deltaStyle ?? 'chunk';
  const target = Number.isFinite(opts.targetDeltas) ? Math.max(1, Math.round(opts.targetDeltas!)) : 400;
  const subAgents = opts.subAgents ?? true;
  const defaultStart = Date.UTC(2026, 2, 2, 9) + (rng.u32() % (60 * 86_400)) * 1000; // drawn either way: same content for a seed
  const startTime = opts.startTime ?? defaultStart;
  const defaultSession = rng.uuid();
  const sessionId = opts.sessionId ?? defaultSession;
  const ctx = new RunContext(rng.fork(), topic, sessionId, startTime, style);
  const model = rng.pick(['claude-opus-4-6', 'claude-sonnet-4-6']);
  const conv = new Conversation(model, null, rng.int(12_000, 30_000), rng.int(2_000, 7_000));
  const w = style === 'word' ? 6 : 1;
  const reserve = Math.min(Math.max(1, Math.round(target * 0.08)), 40 * w);

  yield initLine(ctx, model, rng.int(250, 700));
  yield promptLine(ctx, topic.prompt, rng.int(1, 5));
  let tasks = 0;
  for (let turn = 0; target >= 30 * w && target - reserve - ctx.deltas > 8 * w; turn++) {
    const room = target - reserve - ctx.deltas;
    const task = subAgents && room > 200 && ((turn === 1 && tasks === 0) || (turn > 1 && rng.chance(0.05)));
    const taskBudget = task ? Math.max(20, Math.min(Math.floor(room * 0.4), rng.int(40, 250) * w)) : 0;
    tasks += task ? 1 : 0;
    yield* toolTurn(ctx, conv, { room, first: turn === 0, taskBudget });
    if (turn === 0 || turn % 60 === 59) yield rateLimitLine(ctx, rng.int(20, 200));
    if (conv.context + conv.pending > COMPACT_AT) {
      const summary = `This session is being continued from a previous conversation that ran out of context. The summary below covers the earlier portion of the conversation.\n\nSummary:\n1. Primary Request and Intent:\n   ${topic.prompt}\n\n2. Progress so far:\n   ${paragraph(ctx.rng, topic)}`;
      yield* compactionLines(ctx, conv.context + conv.pending, summary);
      conv.context = rng.int(15_000, 28_000);
      conv.pending = Math.ceil(summary.length / 4);
    }
  }
  const finalText = yield* finalTurn(ctx, conv, target - ctx.deltas);
  yield resultLine(ctx, finalText, model, rng.int(10, 40));
}
