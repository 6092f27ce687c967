// One main-thread turn: a request, the streamed assistant message, then its tool results (a Task runs its sub-agent first).
import { emitMessage, type Block } from './assistant-message.js';
import { textBlock, textSize, thinkingBlock, toolUseBlock } from './blocks.js';
import { pickTool, resultTokens } from './pick-tool.js';
import type { Conversation, RunContext, TimedLine } from './run-context.js';
import { statusLine, toolResultLine, type ToolOutcome } from './stream-lines.js';
import { subAgent, type TaskInput } from './sub-agent.js';
import { fill } from './topic.js';
import { SUBAGENT_TYPES } from './vocab.js';

export interface TurnOptions {
  /** Deltas this turn may spend (roughly). */
  room: number;
  first: boolean;
  /** Make this turn a Task call with a sub-agent of about this many deltas (0 = no Task). */
  taskBudget: number;
}

export function* toolTurn(ctx: RunContext, conv: Conversation, o: TurnOptions): Generator<TimedLine> {
  const { rng } = ctx;
  const w = ctx.style === 'word' ? 6 : 1;
  const blocks: Block[] = [];
  if (rng.chance(o.first ? 0.6 : 0.25) && o.room > 6 * w)
    blocks.push(thinkingBlock(ctx, Math.min(rng.int(2, 15) * w, Math.floor(o.room / 3)), o.first));
  if (o.taskBudget > 0 || rng.chance(0.7)) blocks.push(textBlock(ctx, textSize(ctx, o.room)));
  const calls: {
    id: string;
    name: string;
    input: Record<string, unknown>;
    outcome: ToolOutcome | null;
    tokens: number;
  }[] = [];
  if (o.taskBudget > 0) {
    calls.push({
      id: rng.toolUseId(),
      name: 'Task',
      input: taskInput(ctx) as unknown as Record<string, unknown>,
      outcome: null,
      tokens: 0,
    });
  } else {
    const n = rng.chance(0.15) ? rng.int(2, 3) : 1;
    for (let i = 0; i < n; i++) {
      const t = pickTool(ctx, o.room, n > 1);
      calls.push({
        id: rng.toolUseId(),
        name: t.name,
        input: t.input,
        outcome: t.outcome,
        tokens: resultTokens(t),
      });
    }
  }
  for (const c of calls) blocks.push(toolUseBlock(ctx, c.id, c.name, c.input));

  yield statusLine(ctx, 'requesting', rng.int(5, 30));
  yield* emitMessage(ctx, conv, blocks, 'tool_use', o.first ? rng.int(800, 1500) : rng.int(600, 1500));
  for (const [i, c] of calls.entries()) {
    let outcome = c.outcome;
    if (outcome === null) {
      outcome = yield* subAgent(ctx, c.id, c.input as unknown as TaskInput, o.taskBudget);
      c.tokens = Math.ceil(JSON.stringify(outcome.content).length / 4);
    }
    yield toolResultLine(ctx, c.id, null, outcome, i === 0 ? outcome.execMs : rng.int(2, 30));
    conv.pending += c.tokens;
  }
}

/** The last message: the answer (exactly `k` text deltas), no tools. Returns its text. */
export function* finalTurn(ctx: RunContext, conv: Conversation, k: number): Generator<TimedLine, string> {
  const block = textBlock(ctx, Math.max(1, k), `Here's what I did to ${ctx.topic.feature}.`);
  yield statusLine(ctx, 'requesting', ctx.rng.int(5, 30));
  yield* emitMessage(ctx, conv, [block], 'end_turn', ctx.rng.int(600, 1500));
  return block.type === 'text' ? block.text : '';
}

function taskInput(ctx: RunContext): TaskInput {
  const { rng, topic } = ctx;
  const mod = rng.pick(topic.modules);
  const description = rng.pick([
    `Explore the ${mod} module`,
    `Find callers of ${rng.pick(topic.fns)}`,
    `Map how ${mod} handles errors`,
    `Survey the ${mod} tests`,
  ]);
  const prompt = fill(
    `I'm working on this task in ${topic.project}: ${topic.feature}. ${description}. Read \`{file}\` and anything it imports, search for uses of \`{fn}\`, and report the relevant functions, their signatures, and where {concept} is handled. Do not modify any files.`,
    rng,
    topic,
  );
  return { description, subagent_type: rng.pick(SUBAGENT_TYPES), prompt };
}
