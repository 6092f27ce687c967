import { describe, expect, it } from 'vitest';
import { computeOffsets, rowAt } from './offsets.js';

describe('virtual list offsets', () => {
  it('uses measured heights where known, estimates elsewhere', () => {
    const o = computeOffsets(
      4,
      (i) => `k${i}`,
      new Map([['k1', 50]]),
      () => 10,
    );
    expect([...o]).toEqual([0, 10, 60, 70, 80]);
  });

  it('finds the row at a position', () => {
    const o = computeOffsets(
      4,
      (i) => `k${i}`,
      new Map([['k1', 50]]),
      () => 10,
    );
    expect([-5, 0, 9.9, 10, 59, 60, 79, 500].map((y) => rowAt(o, y))).toEqual([0, 0, 0, 1, 1, 2, 3, 3]);
    expect(
      rowAt(
        computeOffsets(0, String, new Map(), () => 1),
        10,
      ),
    ).toBe(0);
  });
});
