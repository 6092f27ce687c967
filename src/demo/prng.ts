// Small seeded PRNG (mulberry32) and the random ids Claude Code prints: uuid v4, msg_01…, toolu_01…, signatures.

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOWER36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Deterministic random source; the same seed always gives the same sequence. */
export class Rng {
  #s: number;

  constructor(seed: number) {
    // Any number is a valid seed (negative, fractional, > 2^32): fold it into 32 bits, then scramble once.
    const n = Number.isFinite(seed) ? seed : 0;
    const lo = Math.trunc(n) | 0;
    const hi = Math.trunc(n / 4294967296) | 0;
    this.#s = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35);
    this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An independent stream, so one part of a run can change without shifting the others. */
  fork(): Rng {
    return new Rng(this.u32());
  }

  /** Random uuid in v4 format (version nibble 4, variant 10xx). */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return (
      HEX[a >>> 24]! +
      HEX[(a >>> 16) & 255]! +
      HEX[(a >>> 8) & 255]! +
      HEX[a & 255]! +
      '-' +
      HEX[b >>> 24]! +
      HEX[(b >>> 16) & 255]! +
      '-' +
      HEX[0x40 | ((b >>> 8) & 15)]! +
      HEX[b & 255]! +
      '-' +
      HEX[0x80 | ((c >>> 24) & 63)]! +
      HEX[(c >>> 16) & 255]! +
      '-' +
      HEX[(c >>> 8) & 255]! +
      HEX[c & 255]! +
      HEX[d >>> 24]! +
      HEX[(d >>> 16) & 255]! +
      HEX[(d >>> 8) & 255]! +
      HEX[d & 255]!
    );
  }

  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** `msg_01` + 22 base62 characters, like the Anthropic API's message ids. */
  messageId(): string {
    return 'msg_01' + this.chars(B62, 22);
  }

  /** `toolu_01` + 22 base62 characters. */
  toolUseId(): string {
    return 'toolu_01' + this.chars(B62, 22);
  }

  /** A thinking-block signature: opaque base64 of a few hundred characters. */
  signature(): string {
    const body = this.chars(B64, 4 * this.int(60, 180));
    return 'Eq' + body.slice(2);
  }

  /** Background task ids: `a` + 16 hex digits for agents, `b` + 8 base36 characters for shells. */
  taskId(kind: 'agent' | 'bash'): string {
    return kind === 'agent' ? 'a' + this.chars('0123456789abcdef', 16) : 'b' + this.chars(LOWER36, 8);
  }
}
