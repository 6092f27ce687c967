import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobToUuid, idFromColumn, uuidToBlob } from './uuid-blob.js';

describe('uuid <-> blob', () => {
  it('round-trips any 16 bytes to the canonical lower-case form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const id = blobToUuid(bytes);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(uuidToBlob(id).equals(Buffer.from(bytes))).toBe(true);
        expect(uuidToBlob(id.toUpperCase()).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('stores the uuid bytes in order (as the Rust uuid crate does)', () => {
    expect(uuidToBlob('00112233-4455-6677-8899-aabbccddeeff').toString('hex')).toBe(
      '00112233445566778899aabbccddeeff',
    );
    expect(uuidToBlob('00112233445566778899AABBCCDDEEFF').toString('hex')).toBe(
      '00112233445566778899aabbccddeeff',
    );
  });

  it('rejects what is not a uuid', () => {
    for (const bad of [
      '',
      'xyz',
      '00112233-4455-6677-8899-aabbccddeef',
      '00112233-4455-6677-8899-aabbccddeefg',
      '0011223344-55-6677-8899-aabbccddeeff',
    ])
      expect(() => uuidToBlob(bad)).toThrow(/not a UUID/);
    expect(() => blobToUuid(new Uint8Array(15))).toThrow(/16-byte/);
  });

  it('renders id columns of any type', () => {
    expect(idFromColumn(Buffer.alloc(16, 0xab))).toBe('abababab-abab-abab-abab-abababababab');
    expect(idFromColumn(Buffer.from([1, 2]))).toBe("x'0102'");
    expect(idFromColumn('text-id')).toBe('text-id');
    expect(idFromColumn(7)).toBe('7');
  });
});
