// Format drift is visible: deltas that could not be folded are counted per execution and by reason,
// in the execution, in /api/info and in `tokenfold inspect`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStream } from '../src/pipeline/ingest.js';
import { startHarness, type Harness } from './support/server-harness.js';

const line = (i: number, delta: string) =>
  `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":${delta}},"session_id":"s","parent_tool_use_id":null,"uuid":"u${i}","api_message_id":"msg_1"}`;
const STREAM =
  [
    '{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_1","content":[]},"ttft_ms":12},"session_id":"s","parent_tool_use_id":null,"uuid":"m0"}',
    line(1, '{"type":"text_delta","text":"caf"}'),
    line(2, '{"type":"text_delta","text":"\\u00E9"}'), // an escape neither JSON.stringify nor json.dumps writes
    line(3, '{"type":"citations_delta","citation":{"url":"https://example.com"}}'),
    line(4, '{"type":"text_delta","text":"!"}'),
  ].join('\n') + '\n';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('fold drift', () => {
  it('counts unfoldable deltas by reason in the execution, /api/info and inspect', async () => {
    async function* src() {
      yield Buffer.from(STREAM);
    }
    const { execution } = await ingestStream(h.store, src(), {
      executor: 'claude-code',
      kind: 'coding-agent',
    });
    expect(execution).toMatchObject({
      deltasFolded: 2,
      deltasUnfolded: 2,
      unfoldedReasons: {
        'payload escaped unlike JSON.stringify or json.dumps': 1,
        'citations_delta: no string payload': 1,
      },
    });
    const info = (await h.json('/api/info')).body as {
      folding: { deltasFolded: number; deltasUnfolded: number; unfoldedReasons: Record<string, number> };
    };
    expect(info.folding).toEqual({
      deltasFolded: 2,
      deltasUnfolded: 2,
      unfoldedReasons: execution.unfoldedReasons,
    });
    const cli = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
    const out = spawnSync(process.execPath, [cli, 'inspect', h.dbPath], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/unfolded\s+2 deltas stored whole: 1 (payload escaped|citations_delta).*; 1 /);
  });
});
