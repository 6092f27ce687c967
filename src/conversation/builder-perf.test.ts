import { describe, expect, it } from 'vitest';
import { ConversationBuilder } from './builder.js';
import { flattenEntries, walkEntries } from './flatten.js';
import { syntheticRun } from '../../test/support/synthetic-run.js';

describe('ConversationBuilder speed', () => {
  it('applies 25,000 delta lines well under 300 ms', () => {
    const run = syntheticRun({ deltas: 25_000 });
    const once = () => {
      const builder = new ConversationBuilder();
      const start = performance.now();
      for (let i = 0; i < run.lines.length; i++) builder.apply(i, run.lines[i]!);
      const rows = flattenEntries(builder.entries());
      return { builder, rows, ms: performance.now() - start };
    };
    // Best of three: the first run includes JIT warm-up, and the machine may be busy with other tests.
    const runs = [once(), once(), once()];
    const ms = Math.min(...runs.map((r) => r.ms));
    const { builder: b, rows } = runs[0]!;
    console.log(
      `conversation: ${run.lines.length} lines → ${rows.length} rows in ${runs.map((r) => r.ms.toFixed(0)).join(' / ')} ms`,
    );
    expect(ms).toBeLessThan(300);
    // And the result is right: every call answered, the last text is the run's answer, no duplicated blocks.
    const all = [...walkEntries(b.entries())];
    const calls = all.filter((e) => e.kind === 'tool-call');
    expect(calls).toHaveLength(run.toolCalls);
    expect(calls.every((c) => c.kind === 'tool-call' && c.status === 'done')).toBe(true);
    const texts = all.filter((e) => e.kind === 'assistant-text' && e.parent === null);
    expect(texts.at(-1)!.text).toBe(run.finalText);
    expect(texts).toHaveLength(calls.filter((c) => c.parent === null).length + 1);
  });
});
