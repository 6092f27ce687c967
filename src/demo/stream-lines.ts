// The non-streaming lines of a run, with Claude Code 2.1's field names in its key order.
import type { RunContext, TimedLine } from './run-context.js';

const TOOLS = [
  'Task',
  'AskUserQuestion',
  'Bash',
  'Edit',
  'EnterPlanMode',
  'ExitPlanMode',
  'Glob',
  'Grep',
  'NotebookEdit',
  'Read',
  'Skill',
  'TaskOutput',
  'TaskStop',
  'TodoWrite',
  'ToolSearch',
  'WebFetch',
  'WebSearch',
  'Write',
];
const SLASH_COMMANDS = [
  'compact',
  'context',
  'cost',
  'init',
  'review',
  'security-review',
  'pr-comments',
  'release-notes',
  'todos',
];

export function initLine(ctx: RunContext, model: string, delayMs: number): TimedLine {
  return ctx.line(
    {
      type: 'system',
      subtype: 'init',
      cwd: ctx.topic.cwd,
      session_id: ctx.sessionId,
      tools: TOOLS,
      mcp_servers: [],
      model,
      permissionMode: 'default',
      slash_commands: SLASH_COMMANDS,
      apiKeySource: 'none',
      claude_code_version: '2.1.104',
      output_style: 'default',
      agents: ['general-purpose', 'statusline-setup', 'Explore', 'Plan'],
      skills: [],
      plugins: [],
      uuid: ctx.uuid(),
      fast_mode_state: 'off',
    },
    delayMs,
  );
}

export function statusLine(ctx: RunContext, status: string | null, delayMs: number): TimedLine {
  return ctx.line(
    { type: 'system', subtype: 'status', status, uuid: ctx.uuid(), session_id: ctx.sessionId },
    delayMs,
  );
}

export function rateLimitLine(ctx: RunContext, delayMs: number): TimedLine {
  const resetsAt = Math.ceil((ctx.startTime + ctx.elapsed) / 3_600_000 + 3) * 3600;
  return ctx.line(
    {
      type: 'rate_limit_event',
      rate_limit_info: {
        status: 'allowed',
        resetsAt,
        rateLimitType: 'five_hour',
        overageStatus: 'rejected',
        overageDisabledReason: 'org_level_disabled',
        isUsingOverage: false,
      },
      uuid: ctx.uuid(),
      session_id: ctx.sessionId,
    },
    delayMs,
  );
}

/** The prompt, echoed as the first user message (what `--replay-user-messages` prints). */
export function promptLine(ctx: RunContext, text: string, delayMs: number): TimedLine {
  return ctx.line(
    {
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text }] },
      session_id: ctx.sessionId,
      parent_tool_use_id: null,
      uuid: ctx.uuid(),
      timestamp: ctx.timestamp(),
      isReplay: true,
    },
    delayMs,
  );
}

export interface ToolOutcome {
  content: string | { type: 'text'; text: string }[];
  isError: boolean;
  /** Bash results carry `"is_error":false` even on success. */
  explicitOk?: boolean;
  toolUseResult: unknown;
  execMs: number;
}

export function toolResultLine(
  ctx: RunContext,
  toolUseId: string,
  parent: string | null,
  r: ToolOutcome,
  delayMs: number,
): TimedLine {
  const entry = r.isError
    ? { type: 'tool_result', content: r.content, is_error: true, tool_use_id: toolUseId }
    : r.explicitOk
      ? { tool_use_id: toolUseId, type: 'tool_result', content: r.content, is_error: false }
      : { tool_use_id: toolUseId, type: 'tool_result', content: r.content };
  const ts = new Date(ctx.startTime + ctx.elapsed + Math.round(delayMs)).toISOString();
  return ctx.line(
    {
      type: 'user',
      message: { role: 'user', content: [entry] },
      parent_tool_use_id: parent,
      session_id: ctx.sessionId,
      uuid: ctx.uuid(),
      timestamp: ts,
      tool_use_result: r.toolUseResult,
    },
    delayMs,
  );
}

/** Auto-compaction: status lines, the boundary marker, and the synthetic summary message. */
export function* compactionLines(ctx: RunContext, preTokens: number, summary: string): Generator<TimedLine> {
  yield ctx.line(
    { type: 'system', subtype: 'status', status: 'compacting', session_id: ctx.sessionId, uuid: ctx.uuid() },
    ctx.rng.int(20, 80),
  );
  yield ctx.line(
    { type: 'system', subtype: 'status', status: null, session_id: ctx.sessionId, uuid: ctx.uuid() },
    ctx.rng.int(3000, 9000),
  );
  yield ctx.line(
    {
      type: 'system',
      subtype: 'compact_boundary',
      session_id: ctx.sessionId,
      uuid: ctx.uuid(),
      compact_metadata: { trigger: 'auto', pre_tokens: preTokens },
    },
    ctx.rng.int(1, 5),
  );
  yield ctx.line(
    {
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: summary }] },
      parent_tool_use_id: null,
      session_id: ctx.sessionId,
      uuid: ctx.uuid(),
      timestamp: ctx.timestamp(),
      isSynthetic: true,
    },
    ctx.rng.int(1, 5),
  );
}

export function resultLine(
  ctx: RunContext,
  finalText: string,
  mainModel: string,
  delayMs: number,
): TimedLine {
  const main = ctx.models.get(mainModel);
  let cost = 0;
  const modelUsage: Record<string, unknown> = {};
  for (const [name, m] of ctx.models)
    ((modelUsage[name] = { ...m, costUSD: round(m.costUSD) }), (cost += m.costUSD));
  const last = {
    input_tokens: main?.inputTokens ?? 0,
    output_tokens: main?.outputTokens ?? 0,
    cache_read_input_tokens: main?.cacheReadInputTokens ?? 0,
    cache_creation_input_tokens: main?.cacheCreationInputTokens ?? 0,
  };
  const duration = ctx.elapsed + Math.round(delayMs);
  return ctx.line(
    {
      type: 'result',
      subtype: 'success',
      is_error: false,
      duration_ms: duration,
      duration_api_ms: ctx.apiMs,
      num_turns: ctx.mainTurns,
      result: finalText,
      stop_reason: 'end_turn',
      session_id: ctx.sessionId,
      total_cost_usd: round(cost),
      usage: {
        ...last,
        server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
        service_tier: 'standard',
        cache_creation: {
          ephemeral_1h_input_tokens: last.cache_creation_input_tokens,
          ephemeral_5m_input_tokens: 0,
        },
        inference_geo: '',
        iterations: [],
        speed: 'standard',
      },
      modelUsage,
      permission_denials: [],
      terminal_reason: 'completed',
      fast_mode_state: 'off',
      uuid: ctx.uuid(),
    },
    delayMs,
  );
}

const round = (x: number) => Math.round(x * 1e8) / 1e8;
