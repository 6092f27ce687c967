// Each agent's session id read from its real captures (test/fixtures), and null where a run names none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFor } from './registry.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const lines = (path: string) => readFileSync(join(FIXTURES, path), 'utf8').split('\n');

describe('sessionIdOf', () => {
  it('Claude Code: the init or result line, not the many delta lines', () => {
    const all = lines('claude-code-2.1.x/claude-code-2.1.332-thinking.jsonl');
    const sid = JSON.parse(all[0]!).session_id as string;
    expect(formatFor('claude-code')!.sessionIdOf!(all)).toBe(sid);
    // Only a result line (a capture that lost its start), or neither.
    expect(formatFor('claude-code')!.sessionIdOf!(all.filter((l) => l.includes('"type":"result"')))).toBe(
      sid,
    );
    expect(
      formatFor('claude-code')!.sessionIdOf!(all.filter((l) => l.includes('"stream_event"'))),
    ).toBeNull();
    expect(
      formatFor('claude-code')!.sessionIdOf!([
        'not json',
        '{"type":"result"',
        '{"type":"system","subtype":"init","session_id":42}',
      ]),
    ).toBeNull();
  });

  it('Codex, Gemini, Cursor', () => {
    expect(
      formatFor('codex')!.sessionIdOf!(lines('corpus/codex/on-keyday__agent-harness__codex-exec-json.jsonl')),
    ).toBe('019fa78c-0329-7812-8dce-65636bb17ea6');
    expect(
      formatFor('gemini')!.sessionIdOf!(
        lines('corpus/gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl'),
      ),
    ).toBe('2aa2472d-f175-41f6-a5a9-fd4f42cc345a');
    expect(formatFor('cursor')!.sessionIdOf!(lines('corpus/cursor/cursor-hack-direct-sleep.jsonl'))).toBe(
      'd43015b9-0707-43f4-b2df-0bcea7891654',
    );
    expect(
      formatFor('codex')!.sessionIdOf!(['{"method":"thread/started","params":{"thread":{"id":"thr_1"}}}']),
    ).toBe('thr_1');
    expect(formatFor('plain')).toBeNull();
  });
});
