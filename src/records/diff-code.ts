// Number columns of records: seqs and arrival times stored as differences (small numbers that compress well).

/** First value absolute, then differences: small numbers that compress well. */
export function diffCode(values: number[], from: number, to: number): number[] {
  const out = new Array<number>(to - from);
  let prev = 0;
  for (let i = from; i < to; i++) {
    out[i - from] = values[i]! - prev;
    prev = values[i]!;
  }
  return out;
}

export function diffDecode(codes: readonly number[]): number[] {
  const out = new Array<number>(codes.length);
  let acc = 0;
  for (let i = 0; i < codes.length; i++) out[i] = acc += codes[i]!;
  return out;
}
