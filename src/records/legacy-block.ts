// Block records written before skeletons (tokenfold 0.1): a line template (top-level key order) and extra
// numeric fields instead of each line's own text around its payload, and no uuid (regenerated lines got a
// synthetic one, so they are JSON-equal to the originals, not byte-exact). Converted on decode to today's
// record, whose skeletons are those template lines.
import { SkeletonWriter } from './skeleton.js';
import type { BlockRecord } from './types.js';

export const LEGACY_BLOCK_MARK = 'B';

interface LegacyBlock {
  bn: number;
  m: string;
  i: number;
  p: string | null;
  bt?: string;
  tn?: string;
  ti?: string;
  sid: string;
  tp: string;
  ch: string[];
  f: string[];
  x: string[];
  d0: number;
  n: number;
  c?: number[];
  l: number[];
  s: number[];
  a: number[];
  ex?: number[][];
  done: 0 | 1;
}

/** Decodes a `B…` or plain-JSON block body of tokenfold 0.1. */
export function fromLegacyBlock(body: string): BlockRecord {
  let old: LegacyBlock;
  if (body[0] === LEGACY_BLOCK_MARK) {
    const metaEnd = body.indexOf('\n');
    const colsEnd = body.indexOf('\n', metaEnd + 1);
    if (metaEnd < 0 || colsEnd < 0) throw new Error('corrupt block record');
    const meta = JSON.parse(body.slice(1, metaEnd)) as Omit<LegacyBlock, 'x'> & { xn: number[] };
    const cols = JSON.parse(body.slice(metaEnd + 1, colsEnd)) as Pick<
      LegacyBlock,
      'tp' | 'l' | 's' | 'a' | 'c' | 'ex'
    >;
    const x: string[] = [];
    let pos = colsEnd + 1;
    for (const n of meta.xn) {
      x.push(body.slice(pos, pos + n));
      pos += n;
    }
    if (pos !== body.length) throw new Error('corrupt block record: text lengths do not match');
    old = { ...meta, ...cols, x };
  } else old = JSON.parse(body) as LegacyBlock;
  return convert(old);
}

function convert(o: LegacyBlock): BlockRecord {
  const writers = o.ch.map(() => new SkeletonWriter());
  const sk: number[] = [];
  const kt: string[] = [];
  const extras = (o.ex ?? []).map(undiff);
  const seqs = undiff(o.s);
  for (let i = 0; i < o.n; i++) {
    const c = o.c?.[i] ?? 0;
    const [head, tail] = templateLine(
      o,
      c,
      extras.map((col) => col[i]!),
      syntheticUuid(seqs[i]!),
    );
    writers[c]!.write(head, tail, sk, kt);
  }
  const r: BlockRecord = {
    k: 'b',
    bn: o.bn,
    m: o.m,
    i: o.i,
    p: o.p,
    ch: o.ch,
    f: o.f,
    x: o.x,
    d0: o.d0,
    n: o.n,
    l: o.l,
    s: o.s,
    a: o.a,
    sk,
    kt: kt.join(''),
    done: o.done,
  };
  if (o.bt !== undefined) r.bt = o.bt;
  if (o.tn !== undefined) r.tn = o.tn;
  if (o.ti !== undefined) r.ti = o.ti;
  if (o.c !== undefined) r.c = o.c;
  return r;
}

/** The 0.1 rendering of a Claude Code delta line around its payload: [head, tail]. */
function templateLine(o: LegacyBlock, c: number, extras: number[], uuid: string): [string, string] {
  const q = JSON.stringify;
  let head = '{';
  let tail: string | null = null;
  let extra = 0;
  const add = (s: string) => (tail === null ? (head += s) : (tail += s));
  o.tp.split(',').forEach((k, i) => {
    if (i > 0) add(',');
    if (k === 'type') add('"type":"stream_event"');
    else if (k === 'event') {
      add(
        '"event":{"type":"content_block_delta","index":' +
          o.i +
          ',"delta":{"type":' +
          q(o.ch[c]) +
          ',' +
          q(o.f[c]) +
          ':',
      );
      tail = '}}';
    } else if (k === 'session_id') add('"session_id":' + q(o.sid));
    else if (k === 'parent_tool_use_id') add('"parent_tool_use_id":' + (o.p === null ? 'null' : q(o.p)));
    else if (k === 'uuid') add('"uuid":"' + uuid + '"');
    else add(q(k) + ':' + q(extras[extra++]));
  });
  return [head, (tail ?? '') + '}'];
}

/** The stand-in 0.1 gave a folded delta's dropped uuid. */
function syntheticUuid(seq: number): string {
  return '00000000-0000-4000-8000-' + seq.toString(16).padStart(12, '0');
}

function undiff(codes: readonly number[]): number[] {
  const out = new Array<number>(codes.length);
  let acc = 0;
  for (let i = 0; i < codes.length; i++) out[i] = acc += codes[i]!;
  return out;
}
