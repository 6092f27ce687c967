// The public entry point is enough to store and replay a run (what an orchestrator would do).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryText, formatFor, ingestStream, readEntries, SqliteStore, toConversation, readRecords, expandRecords } from '../src/index.js';
import { tempDir } from './support/store-helpers.js';

describe('library entry point', () => {
  it('ingests, replays and folds into a conversation', async () => {
    const tmp = tempDir();
    const store = new SqliteStore(join(tmp.dir, 'lib.db'));
    try {
      const lines = [
        '{"type":"stream_event","event":{"type":"message_start","message":{"id":"m1"}},"session_id":"s","parent_tool_use_id":null,"uuid":"a"}',
        '{"type":"stream_event","event":{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}},"session_id":"s","parent_tool_use_id":null,"uuid":"b"}',
        '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}},"session_id":"s","parent_tool_use_id":null,"uuid":"c"}',
        '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", world"}},"session_id":"s","parent_tool_use_id":null,"uuid":"d"}',
        '{"type":"stream_event","event":{"type":"content_block_stop","index":0},"session_id":"s","parent_tool_use_id":null,"uuid":"e"}',
      ];
      async function* src() {
        yield Buffer.from(lines.join('\n') + '\n');
      }
      const { execution } = await ingestStream(store, src(), { executor: 'claude-code', kind: 'coding-agent' });
      expect(execution.deltasFolded).toBe(2);
      const entries = await readEntries(store, execution, formatFor('claude-code'));
      expect(entries.map(entryText).join('')).toContain('"text":", world"');
      const conv = toConversation(expandRecords(await readRecords(store, execution)));
      expect(conv.items.find((e) => e.kind === 'assistant-text')).toMatchObject({ text: 'Hello, world' });
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});
