import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from './dedupe-window.js';

describe('DedupeWindow', () => {
  it('drops a repeat with the same payload, keeps one with a different payload', () => {
    const w = new DedupeWindow(4);
    expect(w.seen('u1', 'a')).toBe(false);
    expect(w.seen('u1', 'a')).toBe(true);
    expect(w.seen('u1', 'b')).toBe(false);
  });

  it('forgets the oldest identity once full, and only that one', () => {
    const w = new DedupeWindow(3);
    for (const k of ['a', 'b', 'c', 'd']) w.seen(k, k);
    expect(w.seen('b', 'b')).toBe(true);
    expect(w.seen('a', 'a')).toBe(false);
  });
});

/** The behaviour the window must have: a Map of the last `capacity` remembered identities. */
class ModelWindow {
  readonly #seen = new Map<string, string>();
  readonly #ring: (string | undefined)[];
  #next = 0;
  constructor(capacity: number) {
    this.#ring = new Array<string | undefined>(capacity);
  }
  seen(key: string, payload: string): boolean {
    const prev = this.#seen.get(key);
    if (prev !== undefined) return prev === payload;
    const evict = this.#ring[this.#next];
    if (evict !== undefined) this.#seen.delete(evict);
    this.#ring[this.#next] = key;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#seen.set(key, payload);
    return false;
  }
}

describe('DedupeWindow against a model', () => {
  it('answers like a Map of the last N identities, through evictions and hash collisions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        // Few distinct keys and payloads: many repeats, evictions, and long probe runs in a small table.
        fc.array(fc.tuple(fc.stringMatching(/^[a-e]{0,3}$/), fc.constantFrom('x', 'y')), { maxLength: 1000 }),
        (capacity, ops) => {
          const w = new DedupeWindow(capacity);
          const m = new ModelWindow(capacity);
          for (const [k, p] of ops) expect(w.seen(k, p)).toBe(m.seen(k, p));
        },
      ),
      { numRuns: 300 },
    );
  });
});
