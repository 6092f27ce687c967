// fast-check generators of Claude Code stream-json output with every irregularity the pipeline must survive.
import fc from 'fast-check';

type Obj = Record<string, unknown>;

interface BlockSpec {
  type: 'text' | 'thinking' | 'tool_use';
  deltas: string[];
}

const payload = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  // Lone surrogates, and pairs that a delta boundary splits.
  {
    weight: 1,
    arbitrary: fc.constantFrom('A\ud83d', '\ude00b', '\ud83d', '\udc00', 'x\u2028y', '\u0000\u001f'),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

const block = fc.record({
  type: fc.constantFrom('text' as const, 'thinking' as const, 'tool_use' as const),
  deltas: fc.array(payload, { minLength: 0, maxLength: 12 }),
});

/** What newer Claude Code versions add: fields after uuid, per-delta extras, interleaved progress lines. */
export interface Drift {
  /** `api_message_id` after `uuid`, `thinking_display` on thinking deltas, `ttft_ms` on message_start. */
  modern: boolean;
  /** `system/thinking_tokens` lines between thinking deltas. */
  progress: boolean;
  /** A field no version printed yet, with a value that changes per line (commas and all). */
  unknown: boolean;
}

/** One agent's (main or sub-agent) lines, in order. */
function agentLines(
  parent: string | null,
  msgBase: string,
  blocks: BlockSpec[][],
  uuid: () => string,
  drift: Drift,
): Obj[] {
  const out: Obj[] = [];
  let n = 0;
  const ev = (event: Obj, id: string): Obj => {
    const o: Obj = {
      type: 'stream_event',
      event,
      session_id: 'sess-1',
      parent_tool_use_id: parent,
      uuid: uuid(),
    };
    if (drift.unknown) o.future_field = n++ % 3 === 0 ? { at: n, tags: ['a,b', n] } : `v,${n}`;
    if (drift.modern) o.api_message_id = id;
    return o;
  };
  blocks.forEach((msgBlocks, m) => {
    const id = `msg_${msgBase}${m}`;
    out.push(
      ev(
        {
          type: 'message_start',
          message: { id, type: 'message', role: 'assistant', content: [] },
          ...(drift.modern ? { ttft_ms: 420 + m } : {}),
        },
        id,
      ),
    );
    msgBlocks.forEach((b, i) => {
      out.push(
        ev(
          {
            type: 'content_block_start',
            index: i,
            content_block:
              b.type === 'tool_use'
                ? { type: 'tool_use', id: `toolu_${msgBase}${m}${i}`, name: 'Bash', input: {} }
                : { type: b.type, [b.type]: '' },
          },
          id,
        ),
      );
      let tokens = 0;
      b.deltas.forEach((d, k) => {
        const delta =
          b.type === 'text'
            ? { type: 'text_delta', text: d }
            : b.type === 'thinking'
              ? {
                  type: 'thinking_delta',
                  thinking: d,
                  ...(drift.modern ? { thinking_display: 'updates' } : {}),
                }
              : { type: 'input_json_delta', partial_json: d };
        out.push(ev({ type: 'content_block_delta', index: i, delta }, id));
        if (drift.progress && b.type === 'thinking' && k % 2 === 1) {
          tokens += d.length + 1;
          out.push({
            type: 'system',
            subtype: 'thinking_tokens',
            estimated_tokens: tokens,
            estimated_tokens_delta: d.length + 1,
            parent_tool_use_id: parent,
            session_id: 'sess-1',
            uuid: uuid(),
          });
        }
      });
      if (b.type === 'thinking')
        out.push(
          ev(
            {
              type: 'content_block_delta',
              index: i,
              delta: { type: 'signature_delta', signature: 'sig' + i },
            },
            id,
          ),
        );
      const text = b.deltas.join('');
      out.push({
        type: 'assistant',
        message: { id, content: [{ type: b.type, text }] },
        parent_tool_use_id: parent,
        session_id: 'sess-1',
        uuid: uuid(),
      });
      out.push(ev({ type: 'content_block_stop', index: i }, id));
    });
    out.push(
      ev({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }, id),
    );
    out.push(ev({ type: 'message_stop' }, id));
  });
  return out;
}

export interface StreamCase {
  input: Buffer;
  chunkSizes: number[];
}

const oddLine = fc.oneof(
  fc.constant(Buffer.from('not json at all')),
  fc.constant(
    Buffer.from(
      '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_de',
    ),
  ),
  fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  fc.constant(
    Buffer.from(
      '{"type":"stream_event","event":{"type":"brand_new_event","x":1},"session_id":"sess-1","parent_tool_use_id":null,"uuid":"u-x"}',
    ),
  ),
  fc.constant(Buffer.from('{"type":"system","subtype":"status","status":"requesting"}\r')),
  fc.constant(Buffer.from('')),
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s)),
);

export const claudeStream: fc.Arbitrary<StreamCase> = fc
  .record({
    main: fc.array(fc.array(block, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    sub: fc.array(fc.array(block, { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
    withT: fc.boolean(),
    drift: fc.record({ modern: fc.boolean(), progress: fc.boolean(), unknown: fc.boolean() }),
    eol: fc.constantFrom('lf' as const, 'crlf' as const, 'mixed' as const),
    /** Lines written by another serialiser (Python's json.dumps: spaces, \u escapes). */
    reserialised: fc.array(fc.nat(), { maxLength: 3 }),
    bom: fc.boolean(),
    odd: fc.array(fc.tuple(fc.nat(), oddLine), { maxLength: 4 }),
    dups: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })), { maxLength: 4 }),
    noFinalNewline: fc.boolean(),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
  })
  .map((c) => {
    let n = 0;
    const uuid = () => `u-${c.seed}-${n++}`;
    const main = agentLines(null, 'a', c.main, uuid, c.drift);
    const sub = agentLines('toolu_task', 'b', c.sub, uuid, c.drift);
    // Interleave the sub-agent's lines into the main agent's, as Claude Code does while a Task runs.
    const merged: Obj[] = [];
    let s = 0;
    main.forEach((line, i) => {
      merged.push(line);
      if ((i * 7 + c.seed) % 3 === 0 && s < sub.length) merged.push(sub[s++]!);
    });
    while (s < sub.length) merged.push(sub[s++]!);
    let t = 1785277043000;
    const reserialise = new Set(c.reserialised.map((i) => i % merged.length));
    let lines: Buffer[] = merged.map((o, i) => {
      const v = c.withT ? { _t: (t += 17), ...o } : o;
      return Buffer.from(reserialise.has(i) ? pythonJson(v) : JSON.stringify(v));
    });
    for (const [at, dist] of c.dups) {
      const deltas = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('content_block_delta'));
      if (deltas.length === 0) break;
      const [line, i] = deltas[at % deltas.length]!;
      lines.splice(Math.min(i + dist, lines.length), 0, line);
    }
    for (const [at, odd] of c.odd) lines.splice(at % (lines.length + 1), 0, odd);
    const eol = (i: number) =>
      Buffer.from(c.eol === 'lf' || (c.eol === 'mixed' && i % 3 !== 1) ? '\n' : '\r\n');
    lines = lines.flatMap((l, i) => (i === lines.length - 1 && c.noFinalNewline ? [l] : [l, eol(i)]));
    if (c.bom) lines.unshift(Buffer.from([0xef, 0xbb, 0xbf]));
    return { input: Buffer.concat(lines), chunkSizes: c.chunkSizes };
  });

/** Splits bytes into chunks of the given (cycled) sizes, as a pipe would deliver them. */
export function* chunked(input: Buffer, sizes: number[]): Generator<Buffer> {
  let i = 0;
  for (let k = 0; i < input.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield input.subarray(i, i + size);
    i += size;
  }
}

/** JSON as Python's json.dumps writes it: `, ` and `: ` separators, non-ASCII as \\u escapes. */
function pythonJson(v: unknown): string {
  if (typeof v === 'string')
    return JSON.stringify(v).replace(
      /[\u0080-\uffff]/g,
      (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
    );
  if (Array.isArray(v)) return '[' + v.map(pythonJson).join(', ') + ']';
  if (v !== null && typeof v === 'object')
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => pythonJson(k) + ': ' + pythonJson(x))
        .join(', ') +
      '}'
    );
  return JSON.stringify(v);
}
