import { describe, expect, it } from 'vitest';
import { stripAnsi } from './ansi.js';
import { renderEntryForTerminal } from './render-terminal.js';
import type { ConversationEntry, ToolCallEntry } from './types.js';

const base = { parent: null, seq: 1 };
const call = (over: Partial<ToolCallEntry> = {}): ToolCallEntry => ({
  ...base,
  kind: 'tool-call',
  id: 't1',
  name: 'Bash',
  input: { command: 'ls -la' },
  inputText: '{"command":"ls -la"}',
  status: 'done',
  result: { text: 'a\nb\nc\nd\ne\n', isError: false },
  children: [],
  ...over,
});

describe('renderEntryForTerminal', () => {
  it('shows a tool call as `▸ Name  summary` with the first result lines', () => {
    expect(renderEntryForTerminal(call(), { color: false })).toBe(
      '▸ Bash  ls -la\n  ⎿  a\n     b\n     c\n     … +2 lines',
    );
  });

  it('uses ANSI colours only when asked', () => {
    const entries: ConversationEntry[] = [
      call({ status: 'error', result: { text: 'boom', isError: true } }),
      { ...base, kind: 'user', id: 'u', text: 'hi' },
      { ...base, kind: 'thinking', id: 'th', text: 'x'.repeat(1000), streaming: false },
      { ...base, kind: 'raw', id: 'r', stream: 'stdout', text: '\x1b[31mred\x1b[0m' },
    ];
    for (const e of entries) {
      const plain = renderEntryForTerminal(e, { color: false });
      const colored = renderEntryForTerminal(e, { color: true });
      expect(plain).not.toContain('\x1b');
      expect(colored).toContain('\x1b[');
      expect(stripAnsi(colored)).toBe(plain);
    }
  });

  it('shortens thinking and cuts headers to the width', () => {
    const thinking = renderEntryForTerminal(
      { ...base, kind: 'thinking', id: 'th', text: 'word '.repeat(200), streaming: false },
      { color: false },
    );
    expect(thinking.startsWith('✻ Thinking  word word')).toBe(true);
    expect(thinking.length).toBeLessThan(260);
    const long = renderEntryForTerminal(call({ input: { command: 'x'.repeat(500) } }), {
      color: false,
      width: 40,
    });
    expect(long.split('\n')[0]).toHaveLength(40);
  });

  it('summarises the result with duration, turns, cost and tokens', () => {
    const text = renderEntryForTerminal(
      {
        ...base,
        kind: 'result',
        id: 'r',
        isError: false,
        subtype: 'success',
        durationMs: 2755,
        numTurns: 1,
        costUsd: 0.04604575,
        usage: {
          inputTokens: 3,
          outputTokens: 20,
          cacheReadInputTokens: 12449,
          cacheCreationInputTokens: 6289,
        },
        text: 'answer',
      },
      { color: false },
    );
    expect(text).toBe('✓ Done  2.8s · 1 turn · $0.0460 · 18,741 in / 20 out tokens');
  });

  it('nests a sub-agent under its call', () => {
    const task = call({
      name: 'Task',
      input: { description: 'explore', subagent_type: 'Explore' },
      result: { text: 'summary', isError: false },
      children: [
        call({ id: 't2', parent: 't1', input: { command: 'pwd' }, result: { text: '/x', isError: false } }),
      ],
    });
    expect(renderEntryForTerminal(task, { color: false })).toBe(
      '▸ Task  explore (Explore)\n  │ ▸ Bash  pwd\n  │   ⎿  /x\n  ⎿  summary',
    );
  });
});
