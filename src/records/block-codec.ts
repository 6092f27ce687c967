// Block record bodies: `K<meta JSON>\n<columns JSON>\n<texts><skeleton texts>`. The texts (one per
// channel, concatenated) stay out of JSON, and the per-item columns (chunk lengths, seqs, arrival offsets,
// skeleton scripts) are parsed only when something needs them: reading a history (`messages`) uses the
// texts alone. Texts holding lone surrogates (a delta can end mid-pair) cannot go through UTF-8 as they
// are, so such a record keeps all its texts as one JSON array instead (`j`).
// Bodies of earlier versions (`B…`, and plain JSON `{…}`) are converted on decode (legacy-block.ts).
import { fromLegacyBlock, LEGACY_BLOCK_MARK } from './legacy-block.js';
import type { BlockRecord } from './types.js';

export const BLOCK_MARK = 'K';

/** Whether a record body is a block record, of this version or an earlier one. */
export function isBlockBody(body: string): boolean {
  return body[0] === BLOCK_MARK || body[0] === LEGACY_BLOCK_MARK;
}

/** The fields of a block record that a history read needs, plus where its texts end and its first seq. */
type BlockMeta = Pick<
  BlockRecord,
  'bn' | 'm' | 'i' | 'p' | 'bt' | 'tn' | 'ti' | 'ch' | 'f' | 'd0' | 'n' | 'done'
> & {
  /** Length of each channel's text and of the skeleton texts (UTF-16 units). */
  xn: number[];
  kn: number;
  /** Seq of the record's first item (so that ordering needs no columns). */
  s0: number;
  /** 1: texts are a JSON array (they hold lone surrogates). */
  j?: 1;
};

/** Per-item columns: only regenerating lines needs them. */
type BlockColumns = Pick<BlockRecord, 'l' | 's' | 'a' | 'c' | 'e' | 'q' | 'sk' | 'kb'>;

export function encodeBlock(r: BlockRecord): string {
  const meta: BlockMeta = {
    bn: r.bn,
    m: r.m,
    i: r.i,
    p: r.p,
    ch: r.ch,
    f: r.f,
    xn: r.x.map((t) => t.length),
    kn: r.kt.length,
    d0: r.d0,
    n: r.n,
    done: r.done,
    s0: r.s[0] ?? 0,
  };
  if (r.bt !== undefined) meta.bt = r.bt;
  if (r.tn !== undefined) meta.tn = r.tn;
  if (r.ti !== undefined) meta.ti = r.ti;
  const cols: BlockColumns = { l: r.l, s: r.s, a: r.a, sk: r.sk };
  if (r.c !== undefined) cols.c = r.c;
  if (r.e !== undefined) cols.e = r.e;
  if (r.q !== undefined) cols.q = r.q;
  if (r.kb !== undefined) cols.kb = r.kb;
  let texts = r.x.join('') + r.kt;
  if (!texts.isWellFormed()) {
    meta.j = 1;
    texts = JSON.stringify([...r.x, r.kt]);
  }
  return BLOCK_MARK + JSON.stringify(meta) + '\n' + JSON.stringify(cols) + '\n' + texts;
}

export function decodeBlock(body: string): BlockRecord {
  if (body[0] !== BLOCK_MARK) return fromLegacyBlock(body);
  const metaEnd = body.indexOf('\n');
  const colsEnd = body.indexOf('\n', metaEnd + 1);
  if (metaEnd < 0 || colsEnd < 0) throw new Error('corrupt block record');
  const meta = JSON.parse(body.slice(1, metaEnd)) as BlockMeta;
  let x: string[];
  let kt: string;
  if (meta.j === 1) {
    const all = JSON.parse(body.slice(colsEnd + 1)) as string[];
    kt = all.pop()!;
    x = all;
  } else {
    x = new Array<string>(meta.xn.length);
    let pos = colsEnd + 1;
    for (let c = 0; c < x.length; c++) {
      x[c] = body.slice(pos, pos + meta.xn[c]!);
      pos += meta.xn[c]!;
    }
    if (pos + meta.kn !== body.length) throw new Error('corrupt block record: text lengths do not match');
    kt = body.slice(pos);
  }
  if (x.length !== meta.ch.length || x.some((t, c) => t.length !== meta.xn[c]) || kt.length !== meta.kn)
    throw new Error('corrupt block record: text lengths do not match');
  return new StoredBlock(meta, x, kt, body.slice(metaEnd + 1, colsEnd));
}

/** Seq of a block record's first item, without unpacking the columns of a decoded one. */
export function blockFirstSeq(r: BlockRecord): number {
  return r instanceof StoredBlock ? r.s0 : (r.s[0] ?? 0);
}

/** A decoded block: metadata and texts at hand, per-item columns parsed on first use. */
class StoredBlock implements BlockRecord {
  readonly k = 'b' as const;
  bn: number;
  m: string;
  i: number;
  p: string | null;
  bt?: string;
  tn?: string;
  ti?: string;
  ch: string[];
  f: string[];
  x: string[];
  kt: string;
  d0: number;
  n: number;
  done: 0 | 1;
  readonly s0: number;
  #columnsJson: string;
  #columns: BlockColumns | undefined;

  constructor(meta: BlockMeta, x: string[], kt: string, columnsJson: string) {
    this.bn = meta.bn;
    this.m = meta.m;
    this.i = meta.i;
    this.p = meta.p;
    if (meta.bt !== undefined) this.bt = meta.bt;
    if (meta.tn !== undefined) this.tn = meta.tn;
    if (meta.ti !== undefined) this.ti = meta.ti;
    this.ch = meta.ch;
    this.f = meta.f;
    this.x = x;
    this.kt = kt;
    this.d0 = meta.d0;
    this.n = meta.n;
    this.done = meta.done;
    this.s0 = meta.s0;
    this.#columnsJson = columnsJson;
  }

  #cols(): BlockColumns {
    return (this.#columns ??= JSON.parse(this.#columnsJson) as BlockColumns);
  }

  get l(): number[] {
    return this.#cols().l;
  }
  get s(): number[] {
    return this.#cols().s;
  }
  get a(): number[] {
    return this.#cols().a;
  }
  get c(): number[] | undefined {
    return this.#cols().c;
  }
  get e(): number[] | undefined {
    return this.#cols().e;
  }
  get q(): number[] | undefined {
    return this.#cols().q;
  }
  get sk(): number[] {
    return this.#cols().sk;
  }
  get kb(): BlockRecord['kb'] {
    return this.#cols().kb;
  }

  /** The plain record (what JSON.stringify and structural comparisons see). */
  toJSON(): BlockRecord {
    const { l, s, a, c, e, q, sk, kb } = this.#cols();
    const r: BlockRecord = {
      k: 'b',
      bn: this.bn,
      m: this.m,
      i: this.i,
      p: this.p,
      ch: this.ch,
      f: this.f,
      x: this.x,
      d0: this.d0,
      n: this.n,
      l,
      s,
      a,
      sk,
      kt: this.kt,
      done: this.done,
    };
    if (this.bt !== undefined) r.bt = this.bt;
    if (this.tn !== undefined) r.tn = this.tn;
    if (this.ti !== undefined) r.ti = this.ti;
    if (c !== undefined) r.c = c;
    if (e !== undefined) r.e = e;
    if (q !== undefined) r.q = q;
    if (kb !== undefined) r.kb = kb;
    return r;
  }
}
