import { describe, expect, it } from 'vitest';
import { ConversationBuilder } from './builder.js';
import { flattenEntries } from './flatten.js';
import { syntheticRun } from '../../test/support/synthetic-run.js';

describe('flattenEntries', () => {
  it('lists sub-agent entries after their call with a depth, unless collapsed', () => {
    const run = syntheticRun({ deltas: 50, perBlock: 5, subAgentEvery: 1 });
    const b = new ConversationBuilder();
    run.lines.forEach((l, i) => b.apply(i, l));
    const rows = flattenEntries(b.entries());
    const task = rows.findIndex((r) => r.entry.kind === 'tool-call' && r.entry.name === 'Task');
    expect(rows[task]!.depth).toBe(0);
    expect(rows.slice(task + 1, task + 7).map((r) => [r.entry.kind, r.depth])).toEqual([
      ['user', 1],
      ['tool-call', 1],
      ['tool-call', 1],
      ['assistant-text', 1],
      ['thinking', 0],
      ['assistant-text', 0],
    ]);
    const collapsed = flattenEntries(b.entries(), (c) => c.name === 'Task');
    expect(collapsed.every((r) => r.depth === 0)).toBe(true);
    expect(collapsed.length).toBe(rows.length - rows.filter((r) => r.depth > 0).length);
  });
});
