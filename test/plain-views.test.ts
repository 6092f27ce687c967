// A run of plain output (a dev server, `yes`) is served window by window from its line history: its
// conversation (one raw entry per line), find, and its `messages` and `folded` pages must be exactly what
// the whole-history paths give, for any lines (BOM, CRLF, invalid UTF-8, stderr, no final newline), mid-run
// and finished; and a line that is a JSON object must send the conversation back to the builder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainEntries, plainPage, searchPlain } from '../src/replay/plain-conversation.js';
import { BatchWriter } from '../src/pipeline/batch-writer.js';
import { ExecutionLog } from '../src/pipeline/execution-log.js';
import { conversationPage, searchConversation } from '../src/replay/conversation-page.js';
import { buildConversation } from '../src/replay/conversation-pages/index.js';
import { toLineMessage } from '../src/replay/messages.js';
import { openLineHistory, readRecords } from '../src/replay/read-history.js';
import { pageLinesSliced, pageRecords, type LogPageQuery } from '../src/replay/read-log.js';
import { compactExecution } from '../src/store/compact.js';
import { useTempStore } from './support/store-helpers.js';

const db = useTempStore('plain-views.db');

const line = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.constantFrom('\ufeffBOM first', '  spaced', 'ERROR: Disk', 'error 42', '') },
  { weight: 1, arbitrary: fc.constant('\u00ff\u0000binary') },
);
const chunk = fc.record({
  stream: fc.constantFrom('stdout' as const, 'stderr' as const),
  lines: fc.array(line, { minLength: 1, maxLength: 6 }),
  eol: fc.constantFrom('\n', '\r\n'),
  invalid: fc.boolean(),
  json: fc.boolean(),
});

const pageQuery = fc.oneof(
  fc.record({ tail: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ tail: fc.integer({ min: 1, max: 30 }), before: fc.integer({ min: 0, max: 60 }) }),
  fc.constant({}),
);
const logQuery = fc.oneof(
  fc.record({ cursor: fc.integer({ min: -1, max: 80 }), limit: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ tail: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ before: fc.integer({ min: 0, max: 80 }), limit: fc.integer({ min: 1, max: 20 }) }),
);

async function collectPage(
  h: Awaited<ReturnType<typeof openLineHistory>>,
  q: LogPageQuery & { format: 'raw' | 'deltas' },
  item?: Parameters<typeof pageLinesSliced>[2],
) {
  const p = await pageLinesSliced(h, q, item);
  const items: object[] = [];
  for await (const s of p.slices()) items.push(...s);
  return { items, nextCursor: p.nextCursor, prevCursor: p.prevCursor, lastSeq: p.lastSeq };
}

describe('plain runs read window by window', () => {
  it('conversation, find, messages and folded equal the whole-history paths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.array(pageQuery, { minLength: 1, maxLength: 3 }),
        fc.array(logQuery, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('e', 'err', 'bom', ' '),
        async (chunks, finish, pageQueries, logQueries, needle) => {
          const execution = await db.store.createExecution({ executor: 'command', kind: 'script' });
          const writer = new BatchWriter(db.store, { intervalMs: 1_000_000 });
          const log = new ExecutionLog({
            execution,
            format: null,
            policy: { maxItems: 3, maxBytes: 64, maxOpenMs: 1e9 },
            writer,
          });
          let json = false;
          for (const c of chunks) {
            const text = c.lines.join(c.eol) + c.eol;
            const parts = [Buffer.from(text, 'utf8')];
            if (c.invalid) parts.push(Buffer.from([0xc3, 0x28, 0xff, 0x0a]));
            if (c.json && c.stream === 'stdout') ((json = true), parts.push(Buffer.from('{"a":1}\n')));
            log.write(c.stream, Buffer.concat(parts));
          }
          await writer.flush();
          let memory = log.unpersisted();
          if (finish) {
            writer.update(execution.id, log.finish());
            await writer.flush();
            await compactExecution(db.store, execution);
            memory = [];
          }
          const h = await openLineHistory(db.store, execution, memory);
          expect(h.lineOnly).toBe(true);
          // A line starting with `{` (after a BOM and spaces) may be JSON: the builder decides then.
          if (json) expect(h.plainText).toBe(false);
          const records = await readRecords(db.store, execution, memory);
          for (const q of logQueries) {
            expect(await collectPage(h, { format: 'raw', ...q }, toLineMessage)).toEqual(
              pageRecords(records, null, { format: 'messages', ...q }),
            );
            expect(await collectPage(h, { format: 'deltas', ...q })).toEqual(
              pageRecords(records, null, { format: 'folded', ...q }),
            );
          }
          if (!h.plainText) return;
          const built = await buildConversation(db.store, execution, memory);
          for (const q of pageQueries)
            expect(await plainPage(h, q)).toEqual(conversationPage(built.items, built.lastSeq, q));
          const { pieces, lastSeq } = plainEntries(h);
          const whole = [];
          for await (const p of pieces) whole.push(...p);
          expect({ items: whole, lastSeq }).toEqual({ items: built.items, lastSeq: built.lastSeq });
          expect(await searchPlain(h, needle, 3)).toEqual({
            ...searchConversation(built.items, needle, 3),
            total: built.items.length,
          });
        },
      ),
      { numRuns: 80 },
    );
  });
});
