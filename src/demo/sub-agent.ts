// A Task tool call's sub-agent: task_started, its own streamed messages and tool results (parent_tool_use_id =
// the Task's tool_use id), task_progress, task_notification; returns the Task's tool result.
import { emitMessage, type Block } from './assistant-message.js';
import { textBlock, textSize, toolUseBlock } from './blocks.js';
import { pickTool, resultTokens } from './pick-tool.js';
import { Conversation, type RunContext, type TimedLine } from './run-context.js';
import type { ToolOutcome } from './stream-lines.js';
import { toolResultLine } from './stream-lines.js';

export const SUB_MODEL = 'claude-haiku-4-5-20251001';

export interface TaskInput {
  description: string;
  subagent_type: string;
  prompt: string;
}

export function* subAgent(
  ctx: RunContext,
  taskUseId: string,
  input: TaskInput,
  budget: number,
): Generator<TimedLine, ToolOutcome> {
  const { rng } = ctx;
  const sid = ctx.sessionId;
  const taskId = rng.taskId('agent');
  const started = ctx.elapsed;
  const startDeltas = ctx.deltas;
  const conv = new Conversation(SUB_MODEL, taskUseId, 0, rng.int(9000, 36000));
  let tokens = conv.pending;
  let toolUses = 0;
  const stats = {
    readCount: 0,
    searchCount: 0,
    bashCount: 0,
    editFileCount: 0,
    linesAdded: 0,
    linesRemoved: 0,
    otherToolCount: 0,
  };

  yield ctx.line(
    {
      type: 'system',
      subtype: 'task_started',
      task_id: taskId,
      tool_use_id: taskUseId,
      description: input.description,
      task_type: 'local_agent',
      prompt: input.prompt,
      uuid: ctx.uuid(),
      session_id: sid,
    },
    rng.int(40, 250),
  );
  yield ctx.line(
    {
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: input.prompt }] },
      parent_tool_use_id: taskUseId,
      session_id: sid,
      uuid: ctx.uuid(),
      timestamp: ctx.timestamp(),
    },
    rng.int(1, 10),
  );
  const reserve = Math.max(3, Math.round(budget * 0.3));
  for (let turn = 0; turn < 40 && ctx.deltas - startDeltas < budget - reserve; turn++) {
    const room = budget - reserve - (ctx.deltas - startDeltas);
    const blocks: Block[] = [];
    if (rng.chance(0.4)) blocks.push(textBlock(ctx, textSize(ctx, room)));
    const tools = Array.from({ length: rng.chance(0.25) ? 2 : 1 }, () => ({
      id: rng.toolUseId(),
      planned: pickTool(ctx, 0, true),
    }));
    for (const t of tools) blocks.push(toolUseBlock(ctx, t.id, t.planned.name, t.planned.input));
    yield* emitMessage(ctx, conv, blocks, 'tool_use', rng.int(400, 1200));
    for (const [i, t] of tools.entries()) {
      yield toolResultLine(
        ctx,
        t.id,
        taskUseId,
        t.planned.outcome,
        i === 0 ? t.planned.outcome.execMs : rng.int(2, 30),
      );
      toolUses++;
      count(stats, t.planned.name);
      conv.pending += resultTokens(t.planned);
      tokens += resultTokens(t.planned) + (conv.lastUsage?.output ?? 0);
      const what = describe(t.planned.name, t.planned.input);
      yield ctx.line(
        {
          type: 'system',
          subtype: 'task_progress',
          task_id: taskId,
          tool_use_id: taskUseId,
          description: what,
          usage: { total_tokens: tokens, tool_uses: toolUses, duration_ms: ctx.elapsed - started },
          last_tool_name: t.planned.name,
          uuid: ctx.uuid(),
          session_id: sid,
        },
        rng.int(1, 8),
      );
    }
  }
  const report = textBlock(ctx, Math.max(1, budget - (ctx.deltas - startDeltas)));
  yield* emitMessage(ctx, conv, [report], 'end_turn', rng.int(400, 1200));
  const text = report.type === 'text' ? report.text : '';
  tokens += conv.lastUsage?.output ?? 0;
  const duration = ctx.elapsed - started;
  const usage = { total_tokens: tokens, tool_uses: toolUses, duration_ms: duration };
  yield ctx.line(
    {
      type: 'system',
      subtype: 'task_notification',
      task_id: taskId,
      tool_use_id: taskUseId,
      status: 'completed',
      output_file: '',
      summary: input.description,
      usage,
      uuid: ctx.uuid(),
      session_id: sid,
    },
    rng.int(5, 30),
  );
  const content = [{ type: 'text' as const, text }];
  const last = conv.lastUsage!;
  const toolUseResult = {
    status: 'completed',
    prompt: input.prompt,
    agentId: taskId,
    agentType: input.subagent_type,
    content,
    totalDurationMs: duration,
    totalTokens: tokens,
    totalToolUseCount: toolUses,
    usage: {
      input_tokens: last.input,
      cache_creation_input_tokens: last.cacheCreate,
      cache_read_input_tokens: last.cacheRead,
      output_tokens: last.output,
      server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
      service_tier: 'standard',
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: last.cacheCreate },
      inference_geo: '',
      iterations: [],
      speed: 'standard',
    },
    toolStats: stats,
  };
  return { content, isError: false, execMs: rng.int(5, 30), toolUseResult };
}

function count(s: Record<string, number>, name: string): void {
  if (name === 'Read') s.readCount!++;
  else if (name === 'Grep' || name === 'Glob') s.searchCount!++;
  else if (name === 'Bash') s.bashCount!++;
  else s.otherToolCount!++;
}

function describe(name: string, input: Record<string, unknown>): string {
  if (name === 'Read')
    return `Reading ${String(input.file_path).replace(/^\/home\/dev\/projects\/[^/]+\//, '')}`;
  if (name === 'Grep') return `Searching for ${String(input.pattern)}`;
  if (name === 'Glob') return `Finding ${String(input.pattern)}`;
  if (name === 'Bash') return String(input.description ?? input.command);
  return name;
}
