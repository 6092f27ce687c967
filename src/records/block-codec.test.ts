import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenBlock } from '../fold/open-block.js';
import { Eol } from '../ingest/line.js';
import { Escape } from './json-text.js';
import { eachBlockLine } from '../replay/expand.js';
import { blockFirstSeq, decodeBlock, encodeBlock } from './block-codec.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import type { BlockRecord } from './types.js';

/** One item of a block: a delta line (head + JSON payload + tail) or a progress line. */
const item = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      channel: fc.constantFrom(['text_delta', 'text'], ['signature_delta', 'signature']),
      payload: fc.string({ unit: 'binary', maxLength: 12 }),
      // Fields around the payload that change from line to line (uuids, counters), commas included.
      uuid: fc.constantFrom('u1', 'u2', 'u,3', ''),
      n: fc.nat(3),
      eol: fc.constantFrom(Eol.Lf, Eol.Lf, Eol.Crlf, Eol.None),
    }),
  },
  { weight: 1, arbitrary: fc.record({ progress: fc.nat(1000), eol: fc.constantFrom(Eol.Lf, Eol.Crlf) }) },
);

type Item =
  { channel: string[]; payload: string; uuid: string; n: number; eol: Eol } | { progress: number; eol: Eol };

function lineOf(it: Item): string {
  if ('progress' in it)
    return `{"type":"system","subtype":"thinking_tokens","estimated_tokens":${it.progress}}`;
  return `{"type":"stream_event","n":${it.n},"event":{"delta":{"type":"${it.channel[0]}","${it.channel[1]}":${JSON.stringify(it.payload)}}},"uuid":"${it.uuid}"}`;
}

/** Builds a block from items through OpenBlock, flushing parts after the given item counts. */
function build(items: Item[], flushAt: Set<number>): { records: BlockRecord[]; lines: string[] } {
  const b = new OpenBlock({ bn: 1, messageId: 'msg', index: 0, parent: null }, 0);
  const records: BlockRecord[] = [];
  items.forEach((it, i) => {
    const line = lineOf(it);
    if ('progress' in it) b.addProgress(line, i * 2, i, it.eol);
    else {
      const json = JSON.stringify(it.payload);
      const start = line.indexOf(':' + json + '}}') + 1;
      b.addDelta(
        line,
        {
          start,
          end: start + json.length,
          deltaType: it.channel[0]!,
          field: it.channel[1]!,
          payload: it.payload,
          escape: Escape.Json,
        },
        i * 2,
        i,
        it.eol,
      );
    }
    if (flushAt.has(i)) {
      records.push(b.toRecord(b.flushedCount, false));
      b.markFlushed(i);
    }
  });
  if (b.count > b.flushedCount) records.push(b.toRecord(b.flushedCount, false));
  records.push(b.toRecord(0, true));
  return { records, lines: items.map(lineOf) };
}

function regenerate(r: BlockRecord): string[] {
  const out: string[] = [];
  eachBlockLine(r, (i, text) => (out[i] = text));
  return out;
}

describe('block records', () => {
  it('regenerate every line of a block byte for byte, whole or in parts, through encode and decode', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(30)), (items, flushes) => {
        const { records, lines } = build(items as Item[], new Set(flushes));
        const whole = records.at(-1)!;
        const parts = records.slice(0, -1);
        const back = decodeRecord(encodeRecord(whole)) as BlockRecord;
        expect(regenerate(back)).toEqual(lines);
        expect(back.e ?? []).toEqual(items.some((it) => it.eol !== Eol.Lf) ? items.map((it) => it.eol) : []);
        expect(blockFirstSeq(back)).toBe(0);
        // Parts, each decoded on its own, give the lines in order.
        expect(parts.flatMap((p) => regenerate(decodeBlock(encodeBlock(p))))).toEqual(lines);
        // Re-encoding a decoded record is stable, and JSON sees the plain shape.
        expect(encodeBlock(back)).toBe(encodeBlock(whole));
        expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(whole)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps lone surrogates (a delta boundary inside a pair, or a lone one at the end)', () => {
    const { records, lines } = build(
      ['A\ud83d', '\ude00', '\ud83d'].map((payload) => ({
        channel: ['text_delta', 'text'],
        payload,
        uuid: 'u',
        n: 0,
        eol: Eol.Lf,
      })),
      new Set(),
    );
    const back = decodeRecord(encodeRecord(records.at(-1)!)) as BlockRecord;
    expect(back.x).toEqual(['A\ud83d\ude00\ud83d']);
    expect(regenerate(back)).toEqual(lines);
    expect(Buffer.from(encodeRecord(back), 'utf8').toString('utf8')).toBe(encodeRecord(back));
  });

  it('reads block records of tokenfold 0.1 (template lines, synthetic uuids)', () => {
    const legacy = {
      k: 'b',
      bn: 0,
      m: 'msg',
      i: 1,
      p: null,
      sid: 's',
      tp: '_t,type,event,session_id,parent_tool_use_id,uuid',
      ch: ['text_delta'],
      f: ['text'],
      x: ['Hello'],
      d0: 0,
      n: 2,
      l: [2, 3],
      s: [4, 1],
      a: [0, 5],
      ex: [[100, 7]],
      done: 1,
    };
    const want = [
      '{"_t":100,"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"He"}},"session_id":"s","parent_tool_use_id":null,"uuid":"00000000-0000-4000-8000-000000000004"}',
      '{"_t":107,"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"llo"}},"session_id":"s","parent_tool_use_id":null,"uuid":"00000000-0000-4000-8000-000000000005"}',
    ];
    expect(regenerate(decodeRecord(JSON.stringify(legacy)) as BlockRecord)).toEqual(want);
    const { x, tp, l, s, a, ex, k: _k, ...meta } = legacy;
    const b =
      'B' +
      JSON.stringify({ ...meta, xn: [5], s0: 4 }) +
      '\n' +
      JSON.stringify({ tp, l, s, a, ex }) +
      '\n' +
      x.join('');
    expect(regenerate(decodeRecord(b) as BlockRecord)).toEqual(want);
  });

  it('rejects a body whose text lengths do not add up', () => {
    const { records } = build(
      [{ channel: ['text_delta', 'text'], payload: 'hello', uuid: 'u', n: 0, eol: Eol.Lf }],
      new Set(),
    );
    const body = encodeBlock(records[0]!);
    expect(() => decodeBlock(body.replace('"xn":[5]', '"xn":[9]'))).toThrow(/corrupt block record/);
    expect(() => decodeBlock('K{}')).toThrow(/corrupt block record/);
  });
});
