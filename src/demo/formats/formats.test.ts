// Every demo format: recognised as its agent, folds its deltas, stores byte-exactly, and reads as a
// conversation whose last answer is the run's final text.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../formats/detect.js';
import { readEntries } from '../../replay/read-history.js';
import { toConversation } from '../../replay/conversation.js';
import { ingestAndReplay, useTempStore } from '../../../test/support/store-helpers.js';
import { DEMO_FORMATS, generateRun } from './index.js';

const db = useTempStore('demo-formats.db');

describe.each(DEMO_FORMATS.filter((f) => f !== 'claude-code'))('demo %s run', (format) => {
  it('is recognised, folds, round-trips and shows its answer', async () => {
    const lines = [...generateRun(format, { seed: 7, startTime: 1_760_000_000_000, targetDeltas: 400 })];
    expect(lines.every((l) => l.delayMs >= 0)).toBe(true);
    const input = Buffer.from(lines.map((l) => l.line + '\n').join(''));
    expect(detectFormat(lines.map((l) => l.line))).toBe(format);
    const { output, execution } = await ingestAndReplay(db.store, [input], format);
    expect(output.equals(input)).toBe(true);
    expect(execution.deltasFolded).toBeGreaterThan(100);
    expect(execution.deltasUnfolded).toBe(0);
    const claudeFinal = [
      ...generateRun('claude-code', { seed: 7, startTime: 1_760_000_000_000, targetDeltas: 400 }),
    ]
      .map((l) => JSON.parse(l.line))
      .find((o) => o.type === 'result').result as string;
    const items = toConversation(await readEntries(db.store, execution), format).items;
    const texts = items.flatMap((e) => (e.kind === 'assistant-text' ? [e.text] : []));
    expect(texts.at(-1)).toBe(claudeFinal);
    expect(items.some((e) => e.kind === 'tool-call' && e.status !== 'running')).toBe(true);
    expect(items.at(-1)!.kind).toBe('result');
  });
});
