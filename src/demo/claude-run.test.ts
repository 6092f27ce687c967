import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyClaudeLine } from '../formats/claude-code/classify.js';
import { generateClaudeRun, type ClaudeRunOptions, type TimedLine } from './claude-run.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const all = (o: ClaudeRunOptions): TimedLine[] => [...generateClaudeRun(o)];
const parse = (ls: TimedLine[]) => ls.map((l) => JSON.parse(l.line) as any);
const isDelta = (o: any) => o.type === 'stream_event' && o.event.type === 'content_block_delta';

/** Rebuilds every block from its deltas and compares it with the `assistant` line Claude Code prints for it. */
function checkBlocks(objs: any[]): { blocks: number; toolUses: Map<string, string> } {
  const msgOf = new Map<string | null, string>(); // parent → current message id
  const acc = new Map<string, { type: string; text: string; sig: string }>();
  const toolUses = new Map<string, string>();
  let blocks = 0;
  for (const o of objs) {
    const parent = o.parent_tool_use_id ?? null;
    if (o.type === 'stream_event') {
      const e = o.event;
      if (e.type === 'message_start') msgOf.set(parent, e.message.id);
      const key = `${msgOf.get(parent)}|${e.index}|${parent}`;
      if (e.type === 'content_block_start') {
        expect(acc.has(key)).toBe(false);
        acc.set(key, { type: e.content_block.type, text: '', sig: '' });
      } else if (e.type === 'content_block_delta') {
        const b = acc.get(key)!;
        const d = e.delta;
        if (d.type === 'text_delta') (expect(b.type).toBe('text'), (b.text += d.text));
        else if (d.type === 'thinking_delta') (expect(b.type).toBe('thinking'), (b.text += d.thinking));
        else if (d.type === 'signature_delta') (expect(b.type).toBe('thinking'), (b.sig += d.signature));
        else if (d.type === 'input_json_delta') (expect(b.type).toBe('tool_use'), (b.text += d.partial_json));
        else throw new Error(`unexpected delta ${d.type}`);
      }
    } else if (o.type === 'assistant') {
      expect(o.message.id).toBe(msgOf.get(parent));
      expect(o.message.content).toHaveLength(1);
      const c = o.message.content[0];
      // The assistant line follows the block's deltas: find the open block of this type in the current message.
      const key = [...acc.keys()]
        .reverse()
        .find((k) => k.startsWith(`${o.message.id}|`) && k.endsWith(`|${parent}`))!;
      const b = acc.get(key)!;
      expect(c.type).toBe(b.type);
      if (c.type === 'text') expect(b.text).toBe(c.text);
      else if (c.type === 'thinking') expect([b.text, b.sig]).toEqual([c.thinking, c.signature]);
      else {
        expect(JSON.parse(b.text)).toEqual(c.input);
        toolUses.set(c.id, c.name);
      }
      blocks++;
    }
  }
  return { blocks, toolUses };
}

describe('generateClaudeRun', () => {
  it('prints valid JSON lines: init first, result last, about targetDeltas deltas', () => {
    for (const [seed, target] of [
      [1, 400],
      [2, 1200],
      [3, 60],
      [4, 5],
    ] as const) {
      const lines = all({ seed, targetDeltas: target });
      const objs = parse(lines);
      expect(objs[0]).toMatchObject({ type: 'system', subtype: 'init' });
      expect(objs.at(-1)).toMatchObject({ type: 'result', subtype: 'success', is_error: false });
      const deltas = objs.filter(isDelta).length;
      expect(Math.abs(deltas - target)).toBeLessThanOrEqual(Math.max(3, target * 0.05));
      expect(objs.at(-1).num_turns).toBe(
        objs.filter(
          (o) =>
            o.type === 'stream_event' && o.event.type === 'message_start' && o.parent_tool_use_id === null,
        ).length,
      );
    }
  });

  it('uses Claude Code key order and line shapes', () => {
    const objs = parse(all({ seed: 11, targetDeltas: 600 }));
    const keys = (t: string, pick: (o: any) => boolean) => [
      ...new Set(objs.filter(pick).map((o) => Object.keys(o).join(','))),
    ];
    expect(keys('se', (o) => o.type === 'stream_event')).toEqual([
      'type,event,session_id,parent_tool_use_id,uuid',
    ]);
    expect(keys('as', (o) => o.type === 'assistant')).toEqual([
      'type,message,parent_tool_use_id,session_id,uuid',
    ]);
    expect(Object.keys(objs[0]).slice(0, 5)).toEqual(['type', 'subtype', 'cwd', 'session_id', 'tools']);
    expect(Object.keys(objs.at(-1)).slice(0, 7)).toEqual([
      'type',
      'subtype',
      'is_error',
      'duration_ms',
      'duration_api_ms',
      'num_turns',
      'result',
    ]);
    const start = objs.find((o) => o.event?.type === 'message_start').event.message;
    expect(Object.keys(start)).toEqual([
      'model',
      'id',
      'type',
      'role',
      'content',
      'stop_reason',
      'stop_sequence',
      'stop_details',
      'usage',
    ]);
    expect(start.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
    const results = objs.filter((o) => o.type === 'user' && o.tool_use_result !== undefined);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results)
      expect(Object.keys(r)).toEqual([
        'type',
        'message',
        'parent_tool_use_id',
        'session_id',
        'uuid',
        'timestamp',
        'tool_use_result',
      ]);
    const uuids = objs.map((o) => o.uuid);
    expect(uuids.every((u) => UUID_V4.test(u))).toBe(true);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(new Set(objs.map((o) => o.session_id)).size).toBe(1);
  });

  it('every delta line folds', () => {
    for (const l of all({ seed: 5, targetDeltas: 500 }))
      if (l.line.includes('"content_block_delta"')) expect(classifyClaudeLine(l.line).kind).toBe('delta');
  });

  it('property: per (message, block, parent) the deltas concatenate to the assistant line; every tool_use gets one result', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 1500 }),
        fc.constantFrom('word' as const, 'chunk' as const),
        fc.boolean(),
        (seed, targetDeltas, deltaStyle, subAgents) => {
          const objs = parse(all({ seed, targetDeltas, deltaStyle, subAgents }));
          const { blocks, toolUses } = checkBlocks(objs);
          expect(blocks).toBeGreaterThan(0);
          const answered = objs
            .filter(
              (o) =>
                o.type === 'user' &&
                Array.isArray(o.message.content) &&
                o.message.content[0].type === 'tool_result',
            )
            .map((o) => o.message.content[0].tool_use_id);
          expect(answered.sort()).toEqual([...toolUses.keys()].sort());
          // Sub-agent lines point at a Task call made earlier.
          for (const o of objs)
            if (o.parent_tool_use_id) expect(toolUses.get(o.parent_tool_use_id) ?? 'Task').toBe('Task');
          if (!subAgents) expect(objs.some((o) => o.parent_tool_use_id)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('has sub-agents, thinking, errors and multi-KB tool results across seeds', () => {
    const objs = [1, 2, 3, 4, 5, 6].flatMap((seed) => parse(all({ seed, targetDeltas: 800 })));
    const sub = objs.filter((o) => typeof o.parent_tool_use_id === 'string');
    expect(sub.some((o) => isDelta(o))).toBe(true);
    expect(sub.some((o) => o.type === 'assistant' && o.message.model.includes('haiku'))).toBe(true);
    expect(
      objs.some((o) => o.subtype === 'task_started') && objs.some((o) => o.subtype === 'task_notification'),
    ).toBe(true);
    expect(objs.some((o) => o.event?.delta?.type === 'thinking_delta')).toBe(true);
    expect(objs.some((o) => o.event?.delta?.type === 'signature_delta')).toBe(true);
    expect(objs.some((o) => o.type === 'rate_limit_event')).toBe(true);
    expect(objs.some((o) => o.type === 'system' && o.subtype === 'status')).toBe(true);
    const results = objs
      .filter((o) => o.type === 'user' && o.message.content[0]?.type === 'tool_result')
      .map((o) => o.message.content[0]);
    expect(results.some((r) => r.is_error === true)).toBe(true);
    expect(results.some((r) => JSON.stringify(r.content).length > 4000)).toBe(true);
    expect(
      new Set(
        objs
          .filter((o) => o.type === 'assistant' && o.message.content[0].type === 'tool_use')
          .map((o) => o.message.content[0].name),
      ),
    ).toEqual(new Set(['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'Task']));
  });

  it('is deterministic for a seed, different across seeds', () => {
    const a = all({ seed: 42, targetDeltas: 300 });
    expect(all({ seed: 42, targetDeltas: 300 })).toEqual(a);
    expect(all({ seed: 43, targetDeltas: 300 }).map((l) => l.line)).not.toEqual(a.map((l) => l.line));
    // startTime and sessionId change only timestamps and ids, not the content or pacing.
    const b = all({
      seed: 42,
      targetDeltas: 300,
      startTime: Date.UTC(2030, 0, 1),
      sessionId: '11111111-2222-4333-8444-555555555555',
    });
    expect(b.map((l) => l.delayMs)).toEqual(a.map((l) => l.delayMs));
    expect(JSON.parse(b[2]!.line).session_id).toBe('11111111-2222-4333-8444-555555555555');
  });

  it('paces like Claude Code: ~1 s to the first token, tens of deltas a second, tool pauses', () => {
    const lines = all({ seed: 9, targetDeltas: 400 });
    const objs = parse(lines);
    const firstStart = objs.findIndex((o) => o.event?.type === 'message_start');
    const beforeFirst = lines.slice(0, firstStart + 1).reduce((n, l) => n + l.delayMs, 0);
    expect(beforeFirst).toBeGreaterThanOrEqual(800);
    expect(beforeFirst).toBeLessThanOrEqual(2500);
    const deltaGaps = lines.filter((_, i) => isDelta(objs[i]) && isDelta(objs[i - 1])).map((l) => l.delayMs);
    expect(deltaGaps.every((d) => d >= 10 && d <= 60)).toBe(true);
    const mean = deltaGaps.reduce((a, b) => a + b, 0) / deltaGaps.length;
    expect(1000 / mean).toBeGreaterThan(15); // deltas per second while streaming
    const toolPauses = lines
      .filter((_, i) => objs[i].type === 'user' && objs[i - 1]?.event?.type === 'message_stop')
      .map((l) => l.delayMs);
    expect(toolPauses.length).toBeGreaterThan(0);
    expect(toolPauses.every((d) => d >= 300 && d <= 2000)).toBe(true);
    expect(objs.at(-1).duration_ms).toBeGreaterThanOrEqual(lines.reduce((n, l) => n + l.delayMs, 0));
  });

  it("'word' style streams about one word per delta, 'chunk' style ~90 characters", () => {
    const texts = (deltaStyle: 'word' | 'chunk') =>
      parse(all({ seed: 3, targetDeltas: 2000, deltaStyle }))
        .filter((o) => o.event?.delta?.type === 'text_delta')
        .map((o) => o.event.delta.text as string);
    const words = texts('word');
    const oneWord = words.filter((t) => t.trim().split(/\s+/).length <= 2).length;
    expect(oneWord / words.length).toBeGreaterThan(0.8);
    const chunks = texts('chunk');
    const mean = chunks.reduce((n, t) => n + t.length, 0) / chunks.length;
    expect(mean).toBeGreaterThan(50);
    expect(mean).toBeLessThan(130);
  });

  it('echoes the prompt as the first user message', () => {
    const objs = parse(all({ seed: 1, targetDeltas: 50, prompt: 'Fix the login bug' }));
    expect(objs[1]).toMatchObject({
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: 'Fix the login bug' }] },
    });
  });
});
