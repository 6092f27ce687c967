// fast-check generators of Codex (app-server), Gemini, Cursor and Qwen Code output: runs of deltas
// between other events, with the texts each run must fold to.
import fc from 'fast-check';

type Obj = Record<string, unknown>;

export interface AgentStream {
  lines: string[];
  /** Each delta run's text, in order (one folded block each). */
  runs: string[];
  deltas: number;
}

const payload = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 10 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('A\ud83d', '\ude00b', 'x\u2028y', '\u0000\u001f', ' the', ' the', ',', '"'),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

/** Runs of deltas (a run may be empty: two events in a row); some chunks repeat exactly. */
const runs = fc.array(fc.array(payload, { maxLength: 10 }), { minLength: 1, maxLength: 6 });

function build(
  rs: string[][],
  delta: (p: string, run: number, i: number) => Obj,
  between: (run: number, text: string) => Obj[],
  head: Obj[] = [],
  tail: Obj[] = [],
): AgentStream {
  const lines = head.map((o) => JSON.stringify(o));
  const texts: string[] = [];
  let deltas = 0;
  rs.forEach((run, r) => {
    // The same millisecond for several chunks: identical lines must still all fold.
    run.forEach((p, i) => lines.push(JSON.stringify(delta(p, r, Math.floor(i / 3)))));
    for (const o of between(r, run.join(''))) lines.push(JSON.stringify(o));
    if (run.length > 0) texts.push(run.join(''));
    deltas += run.length;
  });
  for (const o of tail) lines.push(JSON.stringify(o));
  return { lines, runs: texts, deltas };
}

export const geminiStream = runs.map((rs) =>
  build(
    rs,
    (content, _r, t) => ({
      type: 'message',
      timestamp: `2025-10-29T10:36:0${t % 10}.534Z`,
      role: 'assistant',
      content,
      delta: true,
    }),
    (r) =>
      r % 2 === 0
        ? [
            {
              type: 'tool_use',
              timestamp: 'x',
              tool_name: 'read_file',
              tool_id: `t${r}`,
              parameters: { absolute_path: '/a,b' },
            },
            { type: 'tool_result', timestamp: 'x', tool_id: `t${r}`, status: 'success', output: 'ok' },
          ]
        : [{ type: 'message', timestamp: 'x', role: 'user', content: 'next' }],
    [
      { type: 'init', timestamp: 'x', session_id: 's', model: 'gemini-2.5-pro' },
      { type: 'message', timestamp: 'x', role: 'user', content: 'hi' },
    ],
    [{ type: 'result', timestamp: 'x', status: 'success', stats: { total_tokens: 3 } }],
  ),
);

export const cursorStream = runs.map((rs) =>
  build(
    rs,
    (text, r, t) =>
      r % 2 === 0
        ? { type: 'thinking', subtype: 'delta', text, session_id: 's', timestamp_ms: 1770823841542 + t }
        : {
            type: 'assistant',
            message: { role: 'assistant', content: [{ type: 'text', text }] },
            session_id: 's',
            timestamp_ms: 1770823841542 + t,
          },
    (r) =>
      r % 2 === 0
        ? [{ type: 'thinking', subtype: 'completed', session_id: 's', timestamp_ms: 1 }]
        : [
            {
              type: 'assistant',
              message: { role: 'assistant', content: [{ type: 'text', text: 'whole' }] },
              session_id: 's',
              model_call_id: 'm',
              timestamp_ms: 2,
            },
            {
              type: 'tool_call',
              subtype: 'started',
              call_id: 'c\nd',
              tool_call: { shellToolCall: { args: { command: 'ls' } } },
            },
          ],
    [{ type: 'system', subtype: 'init', cwd: '/p', session_id: 's', model: 'Auto' }],
    [{ type: 'result', subtype: 'success', is_error: false, result: 'done', session_id: 's' }],
  ),
);

export const codexStream = runs.map((rs) =>
  build(
    rs,
    (delta, r) =>
      r % 3 === 2
        ? {
            method: 'item/reasoning/summaryTextDelta',
            params: { threadId: 'th', turnId: 'tu', itemId: `rs_${r}`, delta, summaryIndex: 0 },
          }
        : {
            method: 'item/agentMessage/delta',
            params: { threadId: 'th', turnId: 'tu', itemId: `msg_${r}`, delta },
          },
    // The complete copy of each item: the text its deltas streamed.
    (r, text) => [
      {
        method: 'item/completed',
        params: {
          threadId: 'th',
          turnId: 'tu',
          item:
            r % 3 === 2
              ? { id: `rs_${r}`, type: 'reasoning', summary: [text], content: [] }
              : { id: `msg_${r}`, type: 'agentMessage', text },
        },
      },
    ],
    [
      { id: 1, result: { thread: { id: 'th' } } },
      { method: 'turn/started', params: { threadId: 'th', turn: { id: 'tu' } } },
    ],
    [{ method: 'turn/completed', params: { threadId: 'th', turn: { id: 'tu', status: 'completed' } } }],
  ),
);

export const qwenStream = runs.map((rs) => {
  let u = 0;
  const ev = (event: Obj): Obj => ({
    type: 'stream_event',
    uuid: `u${u++}`,
    session_id: 's',
    parent_tool_use_id: null,
    event,
  });
  return build(
    rs,
    (text, r) =>
      ev({
        type: 'content_block_delta',
        index: r % 2,
        delta: r % 2 === 0 ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text },
      }),
    (r) => [
      ev({ type: 'content_block_stop', index: r % 2 }),
      {
        type: 'tool_progress',
        uuid: `p${r}`,
        tool_use_id: 't',
        tool_name: 'run_shell_command',
        elapsed_time_seconds: r,
      },
      ev({ type: 'message_start', message: { id: `m${r + 1}` } }),
      ev({
        type: 'content_block_start',
        index: (r + 1) % 2,
        content_block: { type: (r + 1) % 2 === 0 ? 'text' : 'thinking' },
      }),
    ],
    [
      {
        type: 'system',
        subtype: 'init',
        uuid: 'i',
        session_id: 's',
        model: 'qwen3-coder-plus',
        qwen_code_version: '0.2.0',
      },
      ev({ type: 'message_start', message: { id: 'm0' } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text' } }),
    ],
    [
      { type: 'goal_state', uuid: 'g', session_id: 's', status: 'achieved' },
      { type: 'result', subtype: 'success', uuid: 'r', is_error: false, result: 'done', session_id: 's' },
    ],
  );
});
