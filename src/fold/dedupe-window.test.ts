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
