// Property: whatever chunks an execution was stored as, the import keeps every stdout byte in order, every
// event, and --verify agrees.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SlowLayoutWriter } from '../slow-layout/slow-writer.js';
import { entryText, type ReplayEntry } from '../replay/entry.js';
import { readEntries } from '../replay/read-history.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { importSlowLayout } from './import-slow-layout.js';
import { delta } from '../../test/support/slow-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tf-import-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Op =
  | { t: 'chunk'; stream: 'stdout' | 'stderr'; text: string }
  | { t: 'event'; tag: string; value: string }
  | { t: 'delta'; text: string; uuid: number; split: number };

const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', 'é', '✓', '{"x":1}');
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('chunk' as const),
      stream: fc.constantFrom('stdout' as const, 'stderr' as const),
      text: fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('event' as const),
      tag: fc.constantFrom('SessionId', 'JsonPatch', 'Finished'),
      value: fc.string({ maxLength: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('delta' as const),
      text: fc.constantFrom('x', 'y z', '\n'),
      uuid: fc.integer({ min: 0, max: 5 }),
      split: fc.nat(80),
    }),
  },
);

/** An agent's stdout as the import keeps it: a whole delta line is dropped when its uuid came before with the
 *  same payload (the folder's dedupe remembers each uuid's first payload). */
function withoutRepeatedDeltas(stdout: string): string {
  const first = new Map<string, string>();
  let out = '';
  for (const line of stdout.split(/(?<=\n)/)) {
    if (line.startsWith('{"type":"stream_event"') && line.endsWith('}\n')) {
      const { uuid, event } = JSON.parse(line) as { uuid: string; event: { delta: { text: string } } };
      const payload = event.delta.text;
      if (first.get(uuid) === payload) continue;
      if (!first.has(uuid)) first.set(uuid, payload);
    }
    out += line;
  }
  return out;
}

let n = 0;
describe('import property', () => {
  it('keeps stdout byte for byte (repeats only in raw), every event, and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(op, { maxLength: 25 }), async (agent, ops) => {
        const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
        const src = join(dir, `src-${n}.db`);
        const w = new SlowLayoutWriter(src);
        w.db.pragma('synchronous = OFF');
        w.addExecution({
          id,
          kind: agent ? 'coding-agent' : 'dev-server',
          startedAt: '2025-01-01 00:00:00.000',
          endedAt: '2025-01-01 00:00:01.000',
          exitCode: 0,
        });
        let stdout = '';
        let events = 0;
        for (const o of ops) {
          if (o.t === 'chunk') {
            w.writeChunk(id, o.stream, o.text);
            if (o.stream === 'stdout') stdout += o.text;
          } else if (o.t === 'event') {
            w.writeRecord(
              id,
              JSON.stringify(o.tag === 'Finished' ? 'Finished' : { [o.tag]: o.value }) + '\n',
            );
            events++;
          } else {
            const line = delta(0, o.text, `u${o.uuid}`) + '\n';
            const cut = Math.min(o.split, line.length);
            w.writeChunk(id, 'stdout', line.slice(0, cut));
            w.writeChunk(id, 'stdout', line.slice(cut));
            stdout += line;
          }
        }
        w.close();
        const store = new SqliteStore(join(dir, `dest-${n}.db`));
        try {
          const r = await importSlowLayout(src, store, { verify: true });
          expect(r.verify!.differences).toEqual([]);
          expect(r.events).toBe(events);
          const e = (await store.getExecution(id))!;
          const raw = await readEntries(store, e, { repeats: true });
          expect(
            raw.filter((x) => x.stream === 'stderr' && x.text?.startsWith('{"tokenfold_legacy_event"')),
          ).toHaveLength(events);
          const stdoutOf = (entries: ReplayEntry[]) =>
            entries
              .filter((x) => x.stream === 'stdout')
              .map(entryText)
              .join('');
          expect(stdoutOf(raw)).toBe(stdout);
          expect(stdoutOf(await readEntries(store, e))).toBe(agent ? withoutRepeatedDeltas(stdout) : stdout);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
