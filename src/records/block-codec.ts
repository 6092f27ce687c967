// Block record bodies: `B<meta JSON>\n<columns JSON>\n<texts>`. The texts (one per channel, concatenated)
// stay out of JSON, and the per-delta columns (chunk lengths, seqs, arrival offsets, …) are parsed only
// when something needs them: reading a history (`messages`) uses the texts alone, and most of a block
// record's bytes were columns and escaped text that JSON.parse copied for nothing.
import type { BlockRecord } from './types.js';

/** Marks a block body; older block bodies are plain JSON (`{`), still decoded. */
export const BLOCK_MARK = 'B';

/** The fields of a block record that a history read needs, plus where its texts end and its first seq. */
type BlockMeta = Pick<BlockRecord, 'bn' | 'm' | 'i' | 'p' | 'bt' | 'tn' | 'ti' | 'sid' | 'ch' | 'f' | 'd0' | 'n' | 'done'> & {
  /** Length of each channel's text (UTF-16 units). */
  xn: number[];
  /** Seq of the record's first delta (so that ordering needs no columns). */
  s0: number;
};

/** Per-delta columns, and the line template: only regenerating delta lines needs them. */
type BlockColumns = Pick<BlockRecord, 'tp' | 'l' | 's' | 'a' | 'c' | 'ex'>;

export function encodeBlock(r: BlockRecord): string {
  const meta: BlockMeta = { bn: r.bn, m: r.m, i: r.i, p: r.p, sid: r.sid, ch: r.ch, f: r.f, xn: r.x.map((t) => t.length), d0: r.d0, n: r.n, done: r.done, s0: r.s[0] ?? 0 };
  if (r.bt !== undefined) meta.bt = r.bt;
  if (r.tn !== undefined) meta.tn = r.tn;
  if (r.ti !== undefined) meta.ti = r.ti;
  const cols: BlockColumns = { tp: r.tp, l: r.l, s: r.s, a: r.a };
  if (r.c !== undefined) cols.c = r.c;
  if (r.ex !== undefined) cols.ex = r.ex;
  return BLOCK_MARK + JSON.stringify(meta) + '\n' + JSON.stringify(cols) + '\n' + r.x.join('');
}

export function decodeBlock(body: string): BlockRecord {
  const metaEnd = body.indexOf('\n');
  const colsEnd = body.indexOf('\n', metaEnd + 1);
  if (metaEnd < 0 || colsEnd < 0) throw new Error('corrupt block record');
  const meta = JSON.parse(body.slice(1, metaEnd)) as BlockMeta;
  const x: string[] = new Array(meta.xn.length);
  let pos = colsEnd + 1;
  for (let c = 0; c < x.length; c++) {
    x[c] = body.slice(pos, pos + meta.xn[c]!);
    pos += meta.xn[c]!;
  }
  if (pos !== body.length) throw new Error('corrupt block record: text lengths do not match');
  return new StoredBlock(meta, x, body.slice(metaEnd + 1, colsEnd));
}

/** Seq of a block record's first delta, without unpacking the columns of a decoded one. */
export function blockFirstSeq(r: BlockRecord): number {
  return r instanceof StoredBlock ? r.s0 : (r.s[0] ?? 0);
}

/** A decoded block: metadata and texts at hand, per-delta columns parsed on first use. */
class StoredBlock implements BlockRecord {
  readonly k = 'b' as const;
  bn: number;
  m: string;
  i: number;
  p: string | null;
  bt?: string;
  tn?: string;
  ti?: string;
  sid: string;
  ch: string[];
  f: string[];
  x: string[];
  d0: number;
  n: number;
  done: 0 | 1;
  readonly s0: number;
  #columnsJson: string;
  #columns: BlockColumns | undefined;

  constructor(meta: BlockMeta, x: string[], columnsJson: string) {
    this.bn = meta.bn;
    this.m = meta.m;
    this.i = meta.i;
    this.p = meta.p;
    if (meta.bt !== undefined) this.bt = meta.bt;
    if (meta.tn !== undefined) this.tn = meta.tn;
    if (meta.ti !== undefined) this.ti = meta.ti;
    this.sid = meta.sid;
    this.ch = meta.ch;
    this.f = meta.f;
    this.x = x;
    this.d0 = meta.d0;
    this.n = meta.n;
    this.done = meta.done;
    this.s0 = meta.s0;
    this.#columnsJson = columnsJson;
  }

  #cols(): BlockColumns {
    return (this.#columns ??= JSON.parse(this.#columnsJson) as BlockColumns);
  }

  get tp(): string {
    return this.#cols().tp;
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
  get ex(): number[][] | undefined {
    return this.#cols().ex;
  }

  /** The plain record (what JSON.stringify and structural comparisons see). */
  toJSON(): BlockRecord {
    const { tp, l, s, a, c, ex } = this.#cols();
    const r: BlockRecord = { k: 'b', bn: this.bn, m: this.m, i: this.i, p: this.p, sid: this.sid, tp, ch: this.ch, f: this.f, x: this.x, d0: this.d0, n: this.n, l, s, a, done: this.done };
    if (this.bt !== undefined) r.bt = this.bt;
    if (this.tn !== undefined) r.tn = this.tn;
    if (this.ti !== undefined) r.ti = this.ti;
    if (c !== undefined) r.c = c;
    if (ex !== undefined) r.ex = ex;
    return r;
  }
}
