// Row offsets for the virtual list: prefix sums of measured (or estimated) heights, and lookups by position.

/** offsets[i] = top of row i; offsets[count] = total height. */
export function computeOffsets(
  count: number,
  key: (i: number) => string,
  measured: ReadonlyMap<string, number>,
  estimate: (i: number) => number,
): Float64Array {
  const offsets = new Float64Array(count + 1);
  let y = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = y;
    y += measured.get(key(i)) ?? estimate(i);
  }
  offsets[count] = y;
  return offsets;
}

/** The row at vertical position `y`: the last i with offsets[i] <= y (0 when empty). */
export function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
