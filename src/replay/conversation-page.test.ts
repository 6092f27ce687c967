import { describe, expect, it } from 'vitest';
import type { ConversationEntry } from '../conversation/types.js';
import { generateLargeRun } from '../demo/workload.js';
import { conversationPage, cut, searchConversation } from './conversation-page.js';
import { toConversation } from './conversation.js';

const conv = toConversation(
  generateLargeRun(2_500, 5).map((text, seq) => ({ seq, text, stream: 'stdout' as const, at: 0 })) as never,
);

describe('conversation pages', () => {
  it('tail-first windows cover the whole run without overlap', () => {
    const all = conv.items;
    const seen: ConversationEntry[] = [];
    for (let before = all.length; before > 0;) {
      const p = conversationPage(all, conv.lastSeq, { tail: 7, before });
      expect(p.total).toBe(all.length);
      expect(p.start + p.items.length).toBe(before);
      seen.unshift(...p.items);
      before = p.start;
    }
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('cuts long texts, in children too, and marks them; full=1 keeps them whole', () => {
    const long = 'y'.repeat(100_000);
    const child: ConversationEntry = {
      kind: 'assistant-text',
      id: 'c',
      parent: 't',
      seq: 2,
      text: long,
      streaming: false,
    };
    const call: ConversationEntry = {
      kind: 'tool-call',
      id: 't',
      parent: null,
      seq: 3,
      name: 'Task',
      input: {},
      inputText: '{}',
      status: 'done',
      result: { text: long, isError: false },
      children: [child],
    };
    const c = cut(call, 10) as typeof call;
    expect(c.truncated).toBe(true);
    expect(c.result!.text).toBe('yyyyyyyyyy');
    expect((c.children[0] as typeof child).text.length).toBe(10);
    expect(c.children[0]!.truncated).toBe(true);
    expect(call.result!.text.length).toBe(100_000);
    const short: ConversationEntry = { kind: 'user', id: 'u', parent: null, seq: 1, text: 'hi' };
    expect(cut(short, 10)).toBe(short);
    expect(conversationPage([call], 3, { tail: 1, full: true }).items[0]).toBe(call);
  });

  it('never cuts a surrogate pair in half: one character fewer', () => {
    const e: ConversationEntry = { kind: 'user', id: 'u', parent: null, seq: 1, text: 'abc\u{1F600}def' };
    expect((cut(e, 4) as { text: string }).text).toBe('abc');
    expect((cut(e, 5) as { text: string }).text).toBe('abc\u{1F600}');
  });

  it('search finds entries by any text, case-insensitively, with their indexes', () => {
    const i = conv.items.findIndex((e) => e.kind === 'tool-call');
    const name = (conv.items[i] as { name: string }).name;
    const r = searchConversation(conv.items, name.toUpperCase(), 5);
    expect(r.hits[0]!.index).toBeLessThanOrEqual(i);
    expect(r.hits.length).toBeLessThanOrEqual(5);
    expect(r.count).toBeGreaterThanOrEqual(r.hits.length);
    expect(searchConversation(conv.items, 'no such text anywhere §§', 5).count).toBe(0);
  });
});
