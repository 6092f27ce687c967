// A demo run printed the way Gemini CLI, Cursor, Codex (app-server) and Qwen Code print theirs.
import type { TimedLine } from '../run-context.js';
import type { DemoEvent } from './claude-events.js';

type Obj = Record<string, unknown>;
export type Printer = (e: DemoEvent, at: number) => Obj[];

/** Gemini CLI stream-json (0.11+): text chunks as `message` deltas; no thinking in this output. */
export function geminiPrinter(): Printer {
  return (e, at) => {
    const timestamp = new Date(at).toISOString();
    switch (e.kind) {
      case 'init':
        return [{ type: 'init', timestamp, session_id: e.sessionId, model: 'gemini-2.5-pro' }];
      case 'prompt':
        return [{ type: 'message', timestamp, role: 'user', content: e.text }];
      case 'delta':
        return e.block === 'text'
          ? [{ type: 'message', timestamp, role: 'assistant', content: e.text, delta: true }]
          : [];
      case 'tool':
        return [
          {
            type: 'tool_use',
            timestamp,
            tool_name: GEMINI_TOOLS[e.name] ?? e.name,
            tool_id: `${GEMINI_TOOLS[e.name] ?? e.name}-${e.id.slice(-12)}`,
            parameters: e.input,
          },
        ];
      case 'tool-result': {
        const r: Obj = {
          type: 'tool_result',
          timestamp,
          tool_id: e.id,
          status: e.isError ? 'error' : 'success',
          output: e.text,
        };
        if (e.isError) r.error = { type: 'execution_failed', message: e.text };
        return [r];
      }
      case 'result':
        return [
          {
            type: 'result',
            timestamp,
            status: 'success',
            stats: {
              total_tokens: e.inputTokens + e.outputTokens,
              input_tokens: e.inputTokens,
              output_tokens: e.outputTokens,
              duration_ms: e.durationMs,
              tool_calls: e.toolCalls,
            },
          },
        ];
      default:
        return [];
    }
  };
}
const GEMINI_TOOLS: Record<string, string> = {
  Bash: 'run_shell_command',
  Read: 'read_file',
  Write: 'write_file',
  Edit: 'replace',
  Grep: 'search_file_content',
  Glob: 'glob',
};

/** Cursor CLI stream-json with --stream-partial-output. */
export function cursorPrinter(): Printer {
  let session = '';
  let modelCall = 0;
  let turnText = '';
  const ids = new Map<string, { key: string; args: Obj }>();
  return (e, timestamp_ms) => {
    const session_id = session;
    switch (e.kind) {
      case 'init':
        session = e.sessionId;
        return [
          {
            type: 'system',
            subtype: 'init',
            apiKeySource: 'login',
            cwd: e.cwd,
            session_id: e.sessionId,
            model: 'Auto',
            permissionMode: 'default',
          },
        ];
      case 'prompt':
        return [
          { type: 'user', message: { role: 'user', content: [{ type: 'text', text: e.text }] }, session_id },
        ];
      case 'delta':
        return e.block === 'thinking'
          ? [{ type: 'thinking', subtype: 'delta', text: e.text, session_id, timestamp_ms }]
          : [
              {
                type: 'assistant',
                message: { role: 'assistant', content: [{ type: 'text', text: e.text }] },
                session_id,
                timestamp_ms,
              },
            ];
      case 'block-stop':
        if (e.block === 'thinking')
          return [{ type: 'thinking', subtype: 'completed', session_id, timestamp_ms }];
        turnText += e.text;
        return [
          {
            type: 'assistant',
            message: { role: 'assistant', content: [{ type: 'text', text: e.text }] },
            session_id,
            model_call_id: `${session_id.slice(0, 8)}-${modelCall++}`,
            timestamp_ms,
          },
        ];
      case 'tool': {
        const key = CURSOR_TOOLS[e.name] ?? `${e.name.charAt(0).toLowerCase()}${e.name.slice(1)}ToolCall`;
        const args = { ...e.input, toolCallId: e.id };
        ids.set(e.id, { key, args });
        return [
          {
            type: 'tool_call',
            subtype: 'started',
            call_id: e.id,
            tool_call: { [key]: { args } },
            model_call_id: `${session_id.slice(0, 8)}-${modelCall}`,
            session_id,
            timestamp_ms,
          },
        ];
      }
      case 'tool-result': {
        const t = ids.get(e.id) ?? { key: 'unknownToolCall', args: {} };
        const result = e.isError
          ? { error: { message: e.text } }
          : t.key === 'shellToolCall'
            ? { success: { exitCode: 0, stdout: e.text, stderr: '' } }
            : { success: { content: e.text } };
        return [
          {
            type: 'tool_call',
            subtype: 'completed',
            call_id: e.id,
            tool_call: { [t.key]: { args: t.args, result } },
            session_id,
            timestamp_ms,
          },
        ];
      }
      case 'result':
        return [
          {
            type: 'result',
            subtype: 'success',
            duration_ms: e.durationMs,
            duration_api_ms: e.durationMs,
            is_error: false,
            result: turnText,
            session_id,
            request_id: `${session_id.slice(0, 8)}-req`,
          },
        ];
      default:
        return [];
    }
  };
}
const CURSOR_TOOLS: Record<string, string> = {
  Bash: 'shellToolCall',
  Read: 'readToolCall',
  Write: 'editToolCall',
  Edit: 'editToolCall',
  Grep: 'grepToolCall',
  Glob: 'globToolCall',
};

/** Codex app-server JSON-RPC notifications (what the codex executor streams). */
export function codexPrinter(): Printer {
  let threadId = '';
  const turnId = 'turn_1';
  let item = 0;
  let current = '';
  const calls = new Map<string, { type: string; input: Obj; name: string }>();
  const note = (method: string, params: Obj): Obj => ({ method, params: { threadId, turnId, ...params } });
  return (e) => {
    switch (e.kind) {
      case 'init':
        threadId = e.sessionId;
        return [
          { id: 1, result: { thread: { id: threadId, cwd: e.cwd } } },
          note('turn/started', { turn: { id: turnId, status: 'inProgress' } }),
        ];
      case 'prompt':
        return [
          note('item/completed', {
            item: { type: 'userMessage', id: `item_${item++}`, content: [{ type: 'text', text: e.text }] },
          }),
        ];
      case 'block-start':
        if (e.block === 'tool_use') return [];
        current = `item_${item++}`;
        return [
          note('item/started', {
            item:
              e.block === 'text'
                ? { type: 'agentMessage', id: current, text: '' }
                : { type: 'reasoning', id: current, summary: [], content: [] },
          }),
        ];
      case 'delta':
        return [
          e.block === 'text'
            ? note('item/agentMessage/delta', { itemId: current, delta: e.text })
            : note('item/reasoning/summaryTextDelta', { itemId: current, delta: e.text, summaryIndex: 0 }),
        ];
      case 'block-stop':
        return [
          note('item/completed', {
            item:
              e.block === 'text'
                ? { type: 'agentMessage', id: current, text: e.text }
                : { type: 'reasoning', id: current, summary: [e.text], content: [] },
          }),
        ];
      case 'tool': {
        const it = codexItem(e.name, e.input, e.id);
        calls.set(e.id, { type: it.type as string, input: e.input, name: e.name });
        return [note('item/started', { item: { ...it, status: 'inProgress' } })];
      }
      case 'tool-result': {
        const c = calls.get(e.id);
        if (c === undefined) return [];
        const it = codexItem(c.name, c.input, e.id);
        const status = e.isError ? 'failed' : 'completed';
        if (it.type === 'commandExecution')
          return [
            note('item/commandExecution/outputDelta', { itemId: e.id, delta: e.text }),
            note('item/completed', {
              item: { ...it, aggregatedOutput: e.text, exitCode: e.isError ? 1 : 0, status },
            }),
          ];
        if (it.type === 'mcpToolCall')
          return [
            note('item/completed', {
              item: {
                ...it,
                result: { content: [{ type: 'text', text: e.text }] },
                error: e.isError ? { message: e.text } : null,
                status,
              },
            }),
          ];
        return [note('item/completed', { item: { ...it, status } })];
      }
      case 'result':
        return [
          note('thread/tokenUsage/updated', {
            tokenUsage: {
              last: { inputTokens: e.inputTokens, outputTokens: e.outputTokens, cachedInputTokens: 0 },
            },
          }),
          note('turn/completed', { turn: { id: turnId, status: 'completed', error: null } }),
        ];
      default:
        return [];
    }
  };
}

function codexItem(name: string, input: Obj, id: string): Obj {
  if (name === 'Bash')
    return {
      type: 'commandExecution',
      id,
      command: String(input.command ?? ''),
      cwd: '.',
      aggregatedOutput: null,
      exitCode: null,
    };
  if (name === 'Write' || name === 'Edit' || name === 'MultiEdit')
    return {
      type: 'fileChange',
      id,
      changes: [
        {
          path: String(input.file_path ?? ''),
          kind: { type: name === 'Write' ? 'add' : 'update' },
          diff: String(input.new_string ?? input.content ?? ''),
        },
      ],
    };
  return { type: 'mcpToolCall', id, server: 'workspace', tool: name, arguments: input };
}

/** Applies a printer to timed events; an event printing nothing passes its delay on. */
export function* printRun(
  events: Iterable<{ event: DemoEvent; delayMs: number }>,
  printer: Printer,
  startTime: number,
): Generator<TimedLine> {
  let at = startTime;
  let carried = 0;
  for (const { event, delayMs } of events) {
    at += delayMs;
    carried += delayMs;
    for (const o of printer(event, at)) {
      yield { line: JSON.stringify(o), delayMs: carried };
      carried = 0;
    }
  }
}
