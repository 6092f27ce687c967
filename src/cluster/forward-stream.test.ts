// forwardEvents: whatever the chunking (events, lines and UTF-8 characters cut anywhere), the viewer gets
// exactly the whole events in order, the last id is the last one forwarded, and the ending is recognised.
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineEvent, namedEvent } from '../http/sse.js';
import { Eol } from '../ingest/line.js';
import { forwardEvents, type ForwardTarget } from './forward-stream.js';

function target(full = () => false) {
  const out: string[] = [];
  const t: ForwardTarget = {
    forward: (s) => (out.push(s), !full()),
    drained: () => Promise.resolve(),
    onClose: () => {},
  };
  return { t, out };
}

/** Cuts `bytes` at the given fractions. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of points) if (p > from) (parts.push(bytes.subarray(from, p)), (from = p));
  parts.push(bytes.subarray(from));
  return parts;
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
const events = fc.array(
  fc.oneof(
    text.map((t) => ({ kind: 'line' as const, t })),
    fc.constant({ kind: 'comment' as const, t: '' }),
  ),
  { maxLength: 30 },
);

describe('forwardEvents', () => {
  it('forwards whole events only, in order, with the last id, for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        fc.boolean(),
        async (evs, at, finish) => {
          let seq = 0;
          let whole = ': tokenfold\nretry: 1000\n\n';
          let lastId: number | null = null;
          for (const e of evs) {
            if (e.kind === 'comment') whole += ': keep-alive\n\n';
            else {
              lastId = seq;
              whole += lineEvent({
                seq: seq++,
                stream: 'stdout',
                text: e.t,
                bytes: null,
                eol: Eol.Lf,
              } as never);
            }
          }
          const complete = whole;
          if (finish) whole += namedEvent('finished', { status: 'completed' });
          // A cut-off event at the end (the owner died mid-write) must not be forwarded.
          else whole += 'id: 999\nevent: line\ndata: half';
          const upstream = new PassThrough();
          const { t, out } = target();
          const done = forwardEvents(upstream as unknown as IncomingMessage, t);
          for (const part of cut(Buffer.from(whole), at)) upstream.write(part);
          upstream.end();
          const r = await done;
          expect(out.join('')).toBe(finish ? whole : complete);
          expect(r.outcome).toBe(finish ? 'ended' : 'lost');
          expect(r.lastId).toBe(lastId);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a data line that reads "event: finished" is not an ending', async () => {
    const upstream = new PassThrough();
    const { t } = target();
    const done = forwardEvents(upstream as unknown as IncomingMessage, t);
    upstream.end('id: 0\nevent: line\ndata: event: finished\n\n');
    expect(await done).toEqual({ outcome: 'lost', lastId: 0 });
  });
});
