// Generates a Claude Code stream-json run with partial messages (tests and benchmarks): thinking, text, tool calls, sub-agents.

export interface SyntheticRunOptions {
  /** Approximate number of delta lines. */
  deltas: number;
  /** Deltas per content block (default 40). */
  perBlock?: number;
  /** Every n-th turn calls a sub-agent (Task) that makes tool calls of its own (default 5; 0 = never). */
  subAgentEvery?: number;
}

const SESSION = '00000000-0000-4000-8000-000000000000';

export function syntheticRun(options: SyntheticRunOptions): {
  lines: string[];
  finalText: string;
  toolCalls: number;
} {
  const perBlock = options.perBlock ?? 40;
  const subEvery = options.subAgentEvery ?? 5;
  const lines: string[] = [];
  const ev = (event: object, parent: string | null = null) =>
    lines.push(
      JSON.stringify({
        type: 'stream_event',
        event,
        session_id: SESSION,
        parent_tool_use_id: parent,
        uuid: `u${lines.length}`,
      }),
    );
  const line = (o: object) =>
    lines.push(JSON.stringify({ ...o, session_id: SESSION, uuid: `u${lines.length}` }));
  lines.push(
    JSON.stringify({
      type: 'system',
      subtype: 'init',
      cwd: '/tmp/x',
      model: 'claude-test',
      tools: ['Bash', 'Task'],
      session_id: SESSION,
    }),
  );
  line({ type: 'user', message: { role: 'user', content: 'Do the thing' }, parent_tool_use_id: null });
  let deltas = 0;
  let turn = 0;
  let toolCalls = 0;
  let finalText = '';
  while (deltas < options.deltas) {
    const msgId = `msg_${turn}`;
    const toolId = `toolu_${turn}`;
    const sub = subEvery > 0 && turn % subEvery === subEvery - 1;
    ev({ type: 'message_start', message: { id: msgId, type: 'message', role: 'assistant', content: [] } });
    // Thinking, then text, streamed token by token; each followed by its complete `assistant` line.
    const blocks: [string, string, string][] = [
      ['thinking', 'thinking_delta', 'thinking'],
      ['text', 'text_delta', 'text'],
    ];
    let text = '';
    blocks.forEach(([type, deltaType, field], index) => {
      ev({ type: 'content_block_start', index, content_block: { type, [field]: '' } });
      let body = '';
      for (let k = 0; k < perBlock; k++) {
        const piece = k === 0 ? `Turn ${turn} ${type}:` : ` word${k}${k % 9 === 0 ? '\n' : ''}`;
        body += piece;
        ev({ type: 'content_block_delta', index, delta: { type: deltaType, [field]: piece } });
        deltas++;
      }
      line({
        type: 'assistant',
        message: { id: msgId, role: 'assistant', content: [{ type, [field]: body }] },
        parent_tool_use_id: null,
      });
      ev({ type: 'content_block_stop', index });
      if (type === 'text') text = body;
    });
    finalText = text;
    const name = sub ? 'Task' : 'Bash';
    const input = sub
      ? { description: `sub-agent ${turn}`, prompt: 'look around' }
      : { command: `echo ${turn}`, description: 'print' };
    const json = JSON.stringify(input);
    ev({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: toolId, name, input: {} },
    });
    for (let k = 0; k < json.length; k += 8) {
      ev({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: json.slice(k, k + 8) },
      });
      deltas++;
    }
    line({
      type: 'assistant',
      message: { id: msgId, role: 'assistant', content: [{ type: 'tool_use', id: toolId, name, input }] },
      parent_tool_use_id: null,
    });
    ev({ type: 'content_block_stop', index: 2 });
    ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' } });
    ev({ type: 'message_stop' });
    toolCalls++;
    if (sub) toolCalls += subAgentLines(line, toolId, turn);
    line({
      type: 'user',
      message: {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: toolId, content: `output of ${turn}\nline 2`, is_error: false },
        ],
      },
      parent_tool_use_id: null,
    });
    turn++;
  }
  // A last text-only message: the run's answer, repeated by the result line.
  finalText = `All done after ${turn} turns.`;
  ev({
    type: 'message_start',
    message: { id: 'msg_final', type: 'message', role: 'assistant', content: [] },
  });
  ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: finalText } });
  line({
    type: 'assistant',
    message: { id: 'msg_final', role: 'assistant', content: [{ type: 'text', text: finalText }] },
    parent_tool_use_id: null,
  });
  ev({ type: 'content_block_stop', index: 0 });
  ev({ type: 'message_stop' });
  line({
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 1234,
    num_turns: turn + 1,
    result: finalText,
    total_cost_usd: 0.5,
    usage: { input_tokens: 10, output_tokens: 20 },
  });
  return { lines, finalText, toolCalls };
}

/** A sub-agent's complete (non-streamed) lines under `parent`: its prompt, two tool calls with results, an answer. */
function subAgentLines(line: (o: object) => void, parent: string, turn: number): number {
  line({
    type: 'user',
    message: { role: 'user', content: [{ type: 'text', text: 'look around' }] },
    parent_tool_use_id: parent,
  });
  for (let k = 0; k < 2; k++) {
    const id = `toolu_sub_${turn}_${k}`;
    line({
      type: 'assistant',
      message: {
        id: `msg_sub_${turn}_${k}`,
        role: 'assistant',
        content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: `/f${k}` } }],
      },
      parent_tool_use_id: parent,
    });
    line({
      type: 'user',
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: id, content: `contents ${k}` }],
      },
      parent_tool_use_id: parent,
    });
  }
  line({
    type: 'assistant',
    message: { id: `msg_sub_${turn}_end`, role: 'assistant', content: [{ type: 'text', text: 'Found it.' }] },
    parent_tool_use_id: parent,
  });
  return 2;
}
