// Test support: a small slow-layout database with every case the import must keep (built by SlowLayoutWriter).
import { SlowLayoutWriter } from '../../src/slow-layout/slow-writer.js';
import { uuidToBlob } from '../../src/slow-layout/uuid-blob.js';

export const IDS = {
  agent: 'aaaaaaaa-0000-4000-8000-00000000000a',
  server: 'bbbbbbbb-0000-4000-8000-00000000000b',
  idle: 'cccccccc-0000-4000-8000-00000000000c',
  script: 'dddddddd-0000-4000-8000-00000000000d',
  bare: 'eeeeeeee-0000-4000-8000-00000000000e',
  orphanClaude: 'f0f0f0f0-0000-4000-8000-0000000000f1',
  orphanPlain: 'f0f0f0f0-0000-4000-8000-0000000000f2',
} as const;

const SID = 'sess-1';
const ev = (event: object, uuid?: string) =>
  JSON.stringify(
    uuid === undefined
      ? { type: 'stream_event', event, session_id: SID, parent_tool_use_id: null }
      : { type: 'stream_event', event, session_id: SID, parent_tool_use_id: null, uuid },
  );
export const delta = (index: number, text: string, uuid?: string) =>
  ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, uuid);
const start = (index: number) =>
  ev({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, `start-${index}`);
const stop = (index: number) => ev({ type: 'content_block_stop', index }, `stop-${index}`);
const INIT = JSON.stringify({ type: 'system', subtype: 'init', session_id: SID, tools: ['Bash'] });
const RESULT = JSON.stringify({
  type: 'result',
  subtype: 'success',
  is_error: false,
  result: 'Hello, world',
  session_id: SID,
});

/** Figures the fixture is built to produce (counted by hand from the writes below). */
export const EXPECTED = {
  executions: 7,
  orphans: 2,
  /** Output lines the reader yields (malformed included, events not). */
  lines: 17 + 6 + 0 + 3 + 2 + 2 + 1,
  events: 3,
  malformed: 1,
  duplicatesDropped: 2,
  deltasFolded: 5,
};

export function writeFixture(path: string): void {
  const w = new SlowLayoutWriter(path);
  w.db.pragma('synchronous = OFF');
  const { agent, server, idle, script, bare, orphanClaude, orphanPlain } = IDS;
  w.addExecution({ id: agent, kind: 'coding-agent', startedAt: '2025-03-01 10:00:00.000' });
  for (const l of [
    INIT,
    ev({ type: 'message_start', message: { id: 'msg_1', role: 'assistant', content: [] } }, 'ms'),
    start(0),
    delta(0, 'Hel', 'u1'),
    delta(0, 'lo', 'u2'),
    delta(0, 'lo', 'u2'),
  ])
    w.appendLine(agent, 'stdout', l);
  w.writeChunk(agent, 'stderr', 'warning: slow\n');
  const split = delta(0, ', wor', 'u3') + '\n';
  w.writeChunk(agent, 'stdout', split.slice(0, 40));
  w.writeChunk(agent, 'stdout', split.slice(40));
  w.writeRecord(agent, '{"SessionId":"sess-1"}\n');
  w.writeChunk(agent, 'stdout', stop(0) + '\n' + start(1) + '\n');
  w.appendLine(agent, 'stdout', delta(1, 'ld', undefined));
  w.appendLine(agent, 'stdout', delta(1, 'ld', undefined)); // identical line, no uuid: a duplicate
  w.appendLine(agent, 'stdout', delta(1, '!', undefined));
  w.writeChunk(agent, 'stdout', stop(1) + '\n' + ev({ type: 'message_stop' }, 'mstop') + '\n');
  w.writeRecord(
    agent,
    JSON.stringify({
      JsonPatch: [{ op: 'add', path: '/entries/0', value: { type: 'assistant', content: 'Hello, world!' } }],
    }) + '\n',
  );
  for (const l of [
    JSON.stringify({
      type: 'assistant',
      message: { id: 'msg_1', content: [{ type: 'text', text: 'Hello, world!' }] },
      session_id: SID,
    }),
    RESULT,
  ])
    w.appendLine(agent, 'stdout', l);
  w.writeRecord(agent, '"Finished"\n');
  w.finish(agent, 'completed', 0, '2025-03-01 10:00:09.500');

  w.addExecution({ id: server, kind: 'dev-server', startedAt: '2025-03-01T10:01:00.000Z' });
  w.writeChunk(server, 'stdout', 'server starting\r\nlistening on :3000\r\n');
  w.writeChunk(server, 'stderr', 'warn: deprec');
  w.writeChunk(server, 'stdout', 'GET / 200\n');
  w.writeChunk(server, 'stderr', 'ated api\n');
  w.writeChunk(server, 'stdout', 'partial ');
  w.writeChunk(server, 'stdout', 'line ünïcödé ✓\r\n');
  w.writeChunk(server, 'stdout', 'bye');
  w.finish(server, 'killed', null, '2025-03-01 10:05:00');

  w.addExecution({ id: idle, kind: 'dev-server', startedAt: '2025-03-01 10:06:00.000' }); // still 'running', no logs

  w.db
    .prepare(
      "INSERT INTO execution_processes (id, task_attempt_id, run_reason, status, exit_code, started_at, completed_at, created_at) VALUES (?, x'00', 'setupscript', 'failed', 2, ?, ?, ?)",
    )
    .run(uuidToBlob(script), '2025-03-01 10:07:00.000', '2025-03-01 10:07:30.000', '2025-03-01 10:06:59.000');
  w.appendLine(script, 'stdout', 'npm install');
  w.writeRecord(script, 'not json at all\n');
  w.appendLine(script, 'stderr', 'npm ERR! failed');

  w.addExecution({
    id: bare,
    kind: 'dev-server',
    startedAt: '2025-03-01 10:08:00.000',
    endedAt: '2025-03-01 10:08:01.000',
    exitCode: 0,
  });
  w.writeRecord(bare, JSON.stringify({ Stdout: 'stored bare one' }) + '\n'); // lines stored without "\n"
  w.writeRecord(bare, JSON.stringify({ Stdout: 'stored bare two' }) + '\n');

  w.db.pragma('foreign_keys = OFF');
  w.appendLine(orphanClaude, 'stdout', INIT);
  w.appendLine(orphanClaude, 'stdout', RESULT);
  w.appendLine(orphanPlain, 'stdout', 'orphan line');
  w.close();
}
