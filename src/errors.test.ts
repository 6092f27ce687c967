// The error catalogue: docs/API.md lists every code with its status, and errors map to codes as documented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, TokenfoldError, asCorrupt } from './errors.js';
import { validateFlushPolicy } from './fold/flush-policy.js';

describe('error codes', () => {
  it('docs/API.md has a row per code with its status', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'API.md'), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `(\w+)`\s*\|\s*(\d{3})/gm)].map((m) => [m[1]!, Number(m[2])]));
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status])),
    );
  });

  it('a decoding failure of stored data becomes `corrupt`, a bug stays unmapped', () => {
    expect(asCorrupt(new Error('corrupt segment: no length header'), 'execution x')?.code).toBe('corrupt');
    expect(
      asCorrupt(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))
        ?.code,
    ).toBe('corrupt');
    expect(asCorrupt(new TypeError('x is undefined'))).toBeNull();
  });

  it('an invalid option is `invalid` and names the option', () => {
    const err = (() => {
      try {
        validateFlushPolicy({ maxItems: 0, maxBytes: 1, maxOpenMs: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TokenfoldError);
    expect(err).toMatchObject({ code: 'invalid', field: 'policy.maxItems' });
  });
});
