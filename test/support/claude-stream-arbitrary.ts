// fast-check generators of Claude Code stream-json output with every irregularity the pipeline must survive.
import fc from 'fast-check';

type Obj = Record<string, unknown>;

interface BlockSpec {
  type: 'text' | 'thinking' | 'tool_use';
  deltas: string[];
}

const payload = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

const block = fc.record({
  type: fc.constantFrom('text' as const, 'thinking' as const, 'tool_use' as const),
  deltas: fc.array(payload, { minLength: 0, maxLength: 12 }),
});

/** One agent's (main or sub-agent) lines, in order. */
function agentLines(parent: string | null, msgBase: string, blocks: BlockSpec[][], uuid: () => string): Obj[] {
  const out: Obj[] = [];
  const ev = (event: Obj): Obj => ({ type: 'stream_event', event, session_id: 'sess-1', parent_tool_use_id: parent, uuid: uuid() });
  blocks.forEach((msgBlocks, m) => {
    const id = `msg_${msgBase}${m}`;
    out.push(ev({ type: 'message_start', message: { id, type: 'message', role: 'assistant', content: [] } }));
    msgBlocks.forEach((b, i) => {
      out.push(ev({ type: 'content_block_start', index: i, content_block: b.type === 'tool_use' ? { type: 'tool_use', id: `toolu_${msgBase}${m}${i}`, name: 'Bash', input: {} } : { type: b.type, [b.type]: '' } }));
      for (const d of b.deltas) {
        const delta = b.type === 'text' ? { type: 'text_delta', text: d } : b.type === 'thinking' ? { type: 'thinking_delta', thinking: d } : { type: 'input_json_delta', partial_json: d };
        out.push(ev({ type: 'content_block_delta', index: i, delta }));
      }
      if (b.type === 'thinking') out.push(ev({ type: 'content_block_delta', index: i, delta: { type: 'signature_delta', signature: 'sig' + i } }));
      const text = b.deltas.join('');
      out.push({ type: 'assistant', message: { id, content: [{ type: b.type, text }] }, parent_tool_use_id: parent, session_id: 'sess-1', uuid: uuid() });
      out.push(ev({ type: 'content_block_stop', index: i }));
    });
    out.push(ev({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }));
    out.push(ev({ type: 'message_stop' }));
  });
  return out;
}

export interface StreamCase {
  input: Buffer;
  chunkSizes: number[];
}

const oddLine = fc.oneof(
  fc.constant(Buffer.from('not json at all')),
  fc.constant(Buffer.from('{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_de')),
  fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  fc.constant(Buffer.from('{"type":"stream_event","event":{"type":"brand_new_event","x":1},"session_id":"sess-1","parent_tool_use_id":null,"uuid":"u-x"}')),
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
    odd: fc.array(fc.tuple(fc.nat(), oddLine), { maxLength: 4 }),
    dups: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })), { maxLength: 4 }),
    noFinalNewline: fc.boolean(),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
  })
  .map((c) => {
    let n = 0;
    const uuid = () => `u-${c.seed}-${n++}`;
    const main = agentLines(null, 'a', c.main, uuid);
    const sub = agentLines('toolu_task', 'b', c.sub, uuid);
    // Interleave the sub-agent's lines into the main agent's, as Claude Code does while a Task runs.
    const merged: Obj[] = [];
    let s = 0;
    main.forEach((line, i) => {
      merged.push(line);
      if ((i * 7 + c.seed) % 3 === 0 && s < sub.length) merged.push(sub[s++]!);
    });
    while (s < sub.length) merged.push(sub[s++]!);
    let t = 1785277043000;
    let lines: Buffer[] = merged.map((o) => Buffer.from(JSON.stringify(c.withT ? { _t: (t += 17), ...o } : o)));
    for (const [at, dist] of c.dups) {
      const deltas = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('content_block_delta'));
      if (deltas.length === 0) break;
      const [line, i] = deltas[at % deltas.length]!;
      lines.splice(Math.min(i + dist, lines.length), 0, line);
    }
    for (const [at, odd] of c.odd) lines.splice(at % (lines.length + 1), 0, odd);
    lines = lines.flatMap((l, i) => (i === lines.length - 1 && c.noFinalNewline ? [l] : [l, Buffer.from('\n')]));
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
