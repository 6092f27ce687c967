// The `folded` history + live deltas after its lastSeq builds the same conversation as every delta.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversationBuilder } from '../src/conversation/builder.js';
import type { ConversationEntry } from '../src/conversation/types.js';
import { formatFor } from '../src/formats/registry.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { readEntries, readRecords } from '../src/replay/read-history.js';
import { pageRecords, type LogItem } from '../src/replay/read-log.js';
import { chunked, claudeStream } from './support/claude-stream-arbitrary.js';
import { useTempStore } from './support/store-helpers.js';

const db = useTempStore('folded.db');

/** What a reader sees: kinds, texts, tool inputs and results — not ids or seqs. */
function shape(entries: readonly ConversationEntry[]): unknown[] {
  return entries.map((e) => {
    const { id: _id, seq: _seq, ...rest } = e as ConversationEntry & { children?: ConversationEntry[] };
    const children = (e as { children?: ConversationEntry[] }).children;
    return children ? { ...rest, children: shape(children) } : rest;
  });
}

describe('folded format', () => {
  it('history at any cut, then the live deltas after it, equals folding every delta', async () => {
    await fc.assert(
      fc.asyncProperty(claudeStream, fc.nat(), async ({ input, chunkSizes }, cutAt) => {
        const execution = await db.store.createExecution({ executor: 'claude-code', kind: 'coding-agent' });
        const writer = new BatchWriter(db.store, { intervalMs: 1_000_000 });
        const log = new ExecutionLog({
          execution,
          format: formatFor('claude-code'),
          policy: { maxItems: 4, maxBytes: 64, maxOpenMs: 1e9 },
          writer,
        });
        const chunks = [...chunked(input, chunkSizes)];
        const cut = cutAt % (chunks.length + 1);
        chunks.slice(0, cut).forEach((c) => log.write('stdout', c));
        await writer.flush();
        const page = pageRecords(
          await readRecords(db.store, execution, log.unpersisted()),
          formatFor('claude-code'),
          { format: 'folded', limit: 100_000 },
        );
        chunks.slice(cut).forEach((c) => log.write('stdout', c));
        writer.update(execution.id, log.finish());
        await writer.flush();
        const all = await readEntries(db.store, execution, formatFor('claude-code'));

        const resumed = new ConversationBuilder();
        for (const it of page.items as LogItem[]) resumed.apply(it.seq, it.text, it.stream);
        for (const e of all)
          if (e.seq > page.lastSeq) resumed.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
        const full = new ConversationBuilder();
        for (const e of all) full.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
        expect(shape(resumed.entries())).toEqual(shape(full.entries()));
        expect(page.items.length).toBeLessThanOrEqual(all.filter((e) => e.seq <= page.lastSeq).length);
      }),
      { numRuns: 80 },
    );
  });
});
