// Stored pages hold what the builder made when they were stored: when the builder (or a dialect) starts making
// other entries from the same lines, PAGES_VERSION must change, or older pages would be shown as they are. This
// test fingerprints the entries built from the recorded corpus and fails when they change without a new version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLargeRun } from '../../demo/workload.js';
import { toConversation } from '../conversation.js';
import { PAGES_VERSION } from './page-codec.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');
/** The fingerprint of the entries built by PAGES_VERSION (update both together). */
// 2: the same entries, stored with brotli, and a one-page run as a header only.
const BUILT_BY_VERSION: Record<number, string> = { 1: 'd888847bcf88883f', 2: 'd888847bcf88883f' };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]))
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
}

function fingerprint(): string {
  const hash = createHash('sha256');
  const runs = [
    ...files(FIXTURES).map((f) => readFileSync(f, 'utf8').split('\n')),
    generateLargeRun(3_000, 2),
  ];
  for (const lines of runs) {
    const entries = lines.map((text, seq) => ({ seq, text, stream: 'stdout' as const, at: 0 }));
    hash.update(JSON.stringify(toConversation(entries as never).items));
  }
  return hash.digest('hex').slice(0, 16);
}

describe('conversation pages version', () => {
  it('the builder makes the entries this PAGES_VERSION stands for', () => {
    const now = fingerprint();
    expect(
      now,
      `the conversation builder's output changed: bump PAGES_VERSION (page-codec.ts) and record ${now} for it here`,
    ).toBe(BUILT_BY_VERSION[PAGES_VERSION]);
  });
});
