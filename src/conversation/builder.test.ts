import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConversationBuilder } from './builder.js';
import { walkEntries } from './flatten.js';
import type { ConversationEntry, ToolCallEntry } from './types.js';

const CORPUS = new URL('../../test/fixtures/corpus/', import.meta.url);
const SHARED = '/work/shared/corpus/claude-stream-json/';

function readLines(path: string | URL): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function build(lines: string[]): ConversationBuilder {
  const b = new ConversationBuilder();
  lines.forEach((l, i) => b.apply(i + 1, l));
  return b;
}

const all = (b: ConversationBuilder): ConversationEntry[] => [...walkEntries(b.entries())];
const texts = (b: ConversationBuilder) => all(b).filter((e) => e.kind === 'assistant-text');
const calls = (b: ConversationBuilder) => all(b).filter((e): e is ToolCallEntry => e.kind === 'tool-call');
const resultLine = (lines: string[]) =>
  JSON.parse(lines.find((l) => l.includes('"type":"result"'))!) as { result: string };

describe('ConversationBuilder on recorded runs', () => {
  it('partial messages: streamed text is not repeated by the assistant line and equals the result', () => {
    const lines = readLines(new URL('jdforsythe__yoke__capture-partial-messages.jsonl', CORPUS));
    const b = build(lines);
    const t = texts(b);
    expect(t).toHaveLength(1);
    expect(t[0]!.text).toBe(resultLine(lines).result);
    expect(t[0]!.streaming).toBe(false);
    const result = all(b).find((e) => e.kind === 'result');
    expect(result).toMatchObject({
      isError: false,
      durationMs: 2755,
      numTurns: 1,
      costUsd: 0.04604575,
      usage: { inputTokens: 3, outputTokens: 20 },
    });
    expect(b.lastSeq).toBe(lines.length);
  });

  it('recognises the system init line behind a UTF-8 byte order mark', () => {
    const lines = readLines(new URL('jdforsythe__yoke__capture-partial-messages.jsonl', CORPUS));
    const init = lines.findIndex((l) => l.includes('"subtype":"init"'));
    const withBom = lines.map((l, i) => (i === init ? '\ufeff' + l : l));
    const plain = all(build(lines)).map((e) => e.kind);
    expect(all(build(withBom)).map((e) => e.kind)).toEqual(plain);
    expect(all(build(withBom)).find((e) => e.kind === 'system')).toMatchObject({ subtype: 'init' });
  });

  it('default mode: tool calls get their results, the final text equals the result', () => {
    const lines = readLines(new URL('jdforsythe__yoke__capture-default-mode.jsonl', CORPUS));
    const b = build(lines);
    const c = calls(b);
    expect(c.map((x) => x.name)).toEqual(['Bash', 'Bash', 'Bash']);
    for (const call of c) {
      expect(call.status).toBe('done');
      expect(call.result?.text.length).toBeGreaterThan(0);
      expect(typeof (call.input as { command: string }).command).toBe('string');
    }
    expect(texts(b).at(-1)!.text).toBe(resultLine(lines).result);
    expect(all(b).filter((e) => e.kind === 'thinking')).toHaveLength(1);
  });

  it.each([
    'ariel-frischer__claude-clean__claude-stream-json-log.jsonl',
    'jdforsythe__yoke__20260412T221253Z-implement-feat-config-loader.jsonl',
    'on-keyday__agent-harness__claude-stream-json.jsonl',
  ])('%s: every tool call has a result, ids are unique, one entry per block', (file) => {
    const lines = readLines(new URL(file, CORPUS));
    const b = build(lines);
    const c = calls(b);
    const toolUses = lines.join('\n').match(/"type":"tool_use"/g)?.length ?? 0;
    expect(c).toHaveLength(toolUses);
    expect(c.every((x) => x.result !== undefined && x.status !== 'running')).toBe(true);
    const ids = all(b).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all(b).filter((e) => e.kind === 'raw')).toHaveLength(0);
    expect(texts(b).at(-1)!.text).toBe(resultLine(lines).result);
  });

  it('marks failed tool results as errors', () => {
    const lines = readLines(new URL('ariel-frischer__claude-clean__claude-stream-json-log.jsonl', CORPUS));
    const errors = calls(build(lines)).filter((c) => c.status === 'error');
    const expected = lines.join('\n').match(/"is_error":true/g)?.length ?? 0;
    expect(errors).toHaveLength(expected);
    expect(errors.every((c) => c.result!.isError)).toBe(true);
  });

  it.skipIf(!existsSync(SHARED))(
    'streamed tool input (roma tool-use run) is parsed and not duplicated',
    () => {
      const b = build(readLines(SHARED + 'jackey8616__roma__tool-use-partial-messages.jsonl'));
      const c = calls(b);
      expect(c).toHaveLength(1);
      expect(c[0]).toMatchObject({
        name: 'Bash',
        status: 'done',
        result: { text: '179999999467108928', isError: false },
      });
      expect(typeof (c[0]!.input as { command: string }).command).toBe('string');
      expect(JSON.parse(c[0]!.inputText)).toEqual(c[0]!.input);
      expect(all(b).filter((e) => e.kind === 'thinking')).toHaveLength(1);
      expect(texts(b)).toHaveLength(1);
    },
  );

  it.skipIf(!existsSync(SHARED))(
    'groups sub-agent entries under their Task call (yoke scheduler run)',
    () => {
      const lines = readLines(SHARED + 'jdforsythe__yoke__20260413T160629Z-implement-feat-scheduler.jsonl');
      const b = build(lines);
      const tasks = calls(b).filter((c) => c.children.length > 0);
      expect(tasks.map((t) => t.id).sort()).toEqual([
        'toolu_01BiFZNbjXhRFJYzA8fyv2Ra',
        'toolu_01UQXXPxWmdz5su57JDxhW4i',
      ]);
      for (const t of tasks) {
        expect(t.children.every((e) => e.parent === t.id)).toBe(true);
        expect(b.entries()).toContain(t);
        // The sub-agent's own tool calls got their results inside the group.
        const inner = t.children.filter((e): e is ToolCallEntry => e.kind === 'tool-call');
        expect(inner.length).toBeGreaterThan(10);
        expect(inner.every((x) => x.result !== undefined)).toBe(true);
        expect(t.result).toBeDefined();
      }
      expect(b.entries().some((e) => e.parent !== null)).toBe(false);
      expect(all(b).filter((e) => e.kind === 'system' && e.subtype === 'task_progress')).toHaveLength(0);
    },
  );
});

describe('ConversationBuilder line handling', () => {
  it('non-JSON lines and stderr become raw entries', () => {
    const b = new ConversationBuilder();
    b.apply(1, 'npm WARN something');
    b.apply(2, '{"type":"system","subtype":"init","tools":[]}', 'stderr');
    b.apply(3, '[1,2]');
    b.apply(4, '{not json');
    expect(b.entries().map((e) => (e.kind === 'raw' ? [e.stream, e.text] : e.kind))).toEqual([
      ['stdout', 'npm WARN something'],
      ['stderr', '{"type":"system","subtype":"init","tools":[]}'],
      ['stdout', '[1,2]'],
      ['stdout', '{not json'],
    ]);
  });

  it('ignores lines at or below lastSeq', () => {
    const b = new ConversationBuilder();
    expect(b.apply(5, 'a')).toBe(true);
    expect(b.apply(5, 'a')).toBe(false);
    expect(b.apply(3, 'b')).toBe(false);
    expect(b.entries()).toHaveLength(1);
    expect(b.lastSeq).toBe(5);
  });

  it('appends deltas in place, bumps seq and version, and takes the complete block as authoritative', () => {
    const b = new ConversationBuilder();
    const ev = (event: object) => JSON.stringify({ type: 'stream_event', event, parent_tool_use_id: null });
    b.apply(1, ev({ type: 'message_start', message: { id: 'm1' } }));
    b.apply(2, ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    b.apply(3, ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }));
    const entry = b.entries()[0]!;
    const v = b.version;
    const sv = b.structureVersion;
    b.apply(4, ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } }));
    expect(b.entries()[0]).toBe(entry);
    expect(entry).toMatchObject({ kind: 'assistant-text', text: 'Hello', streaming: true, seq: 4 });
    expect(b.version).toBeGreaterThan(v);
    expect(b.structureVersion).toBe(sv);
    // A delta was lost: the complete assistant line fixes the text instead of adding a second entry.
    b.apply(
      5,
      JSON.stringify({
        type: 'assistant',
        message: { id: 'm1', content: [{ type: 'text', text: 'Hello!' }] },
        parent_tool_use_id: null,
      }),
    );
    b.apply(6, ev({ type: 'content_block_stop', index: 0 }));
    expect(b.entries()).toHaveLength(1);
    expect(entry).toMatchObject({ text: 'Hello!', streaming: false, seq: 6 });
  });

  it('finish() ends entries left streaming by a killed run', () => {
    const b = new ConversationBuilder();
    const ev = (event: object) => JSON.stringify({ type: 'stream_event', event });
    b.apply(
      1,
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
    );
    b.apply(
      2,
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
    );
    expect(b.entries()[0]).toMatchObject({ kind: 'thinking', text: 'hmm', streaming: true });
    b.finish();
    expect(b.entries()[0]).toMatchObject({ streaming: false });
  });

  it('nests a sub-agent under its call and attaches results at every level', () => {
    const b = new ConversationBuilder();
    const lines = [
      {
        type: 'assistant',
        message: {
          id: 'm1',
          content: [{ type: 'tool_use', id: 'task1', name: 'Task', input: { description: 'explore' } }],
        },
        parent_tool_use_id: null,
      },
      {
        type: 'user',
        message: { content: [{ type: 'text', text: 'explore please' }] },
        parent_tool_use_id: 'task1',
      },
      {
        type: 'assistant',
        message: {
          id: 's1',
          content: [{ type: 'tool_use', id: 'read1', name: 'Read', input: { file_path: '/a' } }],
        },
        parent_tool_use_id: 'task1',
      },
      {
        type: 'user',
        message: {
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'read1',
              content: [{ type: 'text', text: 'A' }],
              is_error: true,
            },
          ],
        },
        parent_tool_use_id: 'task1',
      },
      {
        type: 'assistant',
        message: { id: 's2', content: [{ type: 'text', text: 'found' }] },
        parent_tool_use_id: 'task1',
      },
      {
        type: 'user',
        message: { content: [{ type: 'tool_result', tool_use_id: 'task1', content: 'summary' }] },
        parent_tool_use_id: null,
      },
    ];
    lines.forEach((l, i) => b.apply(i, JSON.stringify(l)));
    expect(b.entries()).toHaveLength(1);
    const task = b.entries()[0] as ToolCallEntry;
    expect(task).toMatchObject({ name: 'Task', status: 'done', result: { text: 'summary', isError: false } });
    expect(task.children.map((e) => e.kind)).toEqual(['user', 'tool-call', 'assistant-text']);
    expect(task.children[1]).toMatchObject({
      id: 'read1',
      parent: 'task1',
      status: 'error',
      result: { text: 'A', isError: true },
    });
    expect(b.size).toBe(4);
  });

  it('keeps a result whose call was never seen, and reports API errors', () => {
    const b = new ConversationBuilder();
    b.apply(
      1,
      JSON.stringify({
        type: 'user',
        message: { content: [{ type: 'tool_result', tool_use_id: 'x', content: 'late' }] },
      }),
    );
    b.apply(
      2,
      JSON.stringify({
        type: 'assistant',
        message: { id: 'e', content: [{ type: 'text', text: 'API Error: 401' }] },
        error: 'authentication_failed',
      }),
    );
    b.apply(
      3,
      JSON.stringify({
        type: 'result',
        subtype: 'error_during_execution',
        is_error: true,
        errors: ['No conversation found'],
      }),
    );
    expect(b.entries().map((e) => e.kind)).toEqual(['tool-call', 'error', 'result']);
    expect(b.entries()[0]).toMatchObject({ id: 'x', result: { text: 'late' } });
    expect(b.entries()[1]).toMatchObject({ text: 'API Error: 401' });
    expect(b.entries()[2]).toMatchObject({ isError: true, text: 'No conversation found', durationMs: null });
  });
});
