// Follow-up prompts: POST /api/executions with `resume` reaches claude as `--resume SESSION_ID`, runs in the
// earlier run's directory, links previous / next, and the session reads as one conversation.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from '../support/server-harness.js';
import { tempDir } from '../support/store-helpers.js';

const tmp = tempDir('tokenfold-follow-up-');
const argvLog = join(tmp.dir, 'argv.jsonl');
const project = join(tmp.dir, 'project');
// A claude that records its argv and prints an init line, an answer and a result naming its session
// (the one it was asked to resume, or a new one); the prompt "no session" prints no session id at all.
const FAKE = `#!/usr/bin/env node
import { appendFileSync } from 'node:fs';
const argv = process.argv.slice(2);
appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify({ argv, cwd: process.cwd() }) + '\\n');
const prompt = argv[argv.indexOf('--') + 1];
const r = argv.indexOf('--resume');
const sid = r >= 0 ? argv[r + 1] : 'sess-' + process.pid;
const out = (o) => console.log(JSON.stringify(o));
if (prompt === 'no session') out({ type: 'assistant', message: { id: 'm0', role: 'assistant', content: [{ type: 'text', text: 'no session here' }] } });
else {
  out({ type: 'system', subtype: 'init', cwd: process.cwd(), session_id: sid, tools: [] });
  out({ type: 'assistant', message: { id: 'm-' + process.pid, role: 'assistant', content: [{ type: 'text', text: 'answer to ' + prompt }] }, parent_tool_use_id: null, session_id: sid });
  out({ type: 'result', subtype: 'success', is_error: false, result: 'answer to ' + prompt, session_id: sid });
}
`;

let h: Harness;
beforeAll(async () => {
  mkdirSync(project);
  writeFileSync(join(tmp.dir, 'claude'), FAKE);
  chmodSync(join(tmp.dir, 'claude'), 0o755);
  h = await startHarness({ claudeBin: join(tmp.dir, 'claude') });
});
afterAll(async () => {
  await h.close();
  tmp.cleanup();
});

const seen = () =>
  readFileSync(argvLog, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { argv: string[]; cwd: string });
async function finished(id: string) {
  return waitFor(
    async () => {
      const e = (await h.json(`/api/executions/${id}`)).body;
      return e.status !== 'running' && e;
    },
    15_000,
    `execution ${id} to end`,
  );
}
const post = (body: object) => h.json('/api/executions', { method: 'POST', body: JSON.stringify(body) });

describe('follow-up prompts', () => {
  it('reach claude with --resume and the earlier session id, in the earlier run directory, linked both ways', async () => {
    const first = await post({ executor: 'claude-code', prompt: 'first question', cwd: project });
    expect(first.status).toBe(201);
    await finished(first.body.id);
    const firstOut = (await h.json(`/api/executions/${first.body.id}/logs?format=raw`)).body.items[0]
      .text as string;
    const session = /"session_id":"(sess-\d+)"/.exec(firstOut)![1]!;

    const second = await post({ executor: 'claude-code', prompt: 'and then?', resume: first.body.id });
    expect(second.status).toBe(201);
    expect(second.body.resumedFrom).toBe(first.body.id);
    const e2 = await finished(second.body.id);
    expect(e2).toMatchObject({ status: 'completed', previous: first.body.id, next: [], cwd: project });
    const call = seen()[1]!;
    const dashes = call.argv.indexOf('--');
    expect(call.argv.slice(dashes)).toEqual(['--', 'and then?']);
    expect(call.argv.indexOf('--resume')).toBeGreaterThan(-1);
    expect(call.argv.indexOf('--resume')).toBeLessThan(dashes);
    expect(call.argv[call.argv.indexOf('--resume') + 1]).toBe(session);
    expect(call.cwd).toBe(project);
    expect((await h.json(`/api/executions/${first.body.id}`)).body).toMatchObject({
      previous: null,
      next: [second.body.id],
    });

    // A third turn continues the session the second run printed, and the session reads as one conversation.
    const third = await post({ executor: 'claude-code', prompt: 'last one', resume: second.body.id });
    await finished(third.body.id);
    expect(seen()[2]!.argv).toContain(session);
    const chain = await h.json(`/api/executions/${second.body.id}/session`);
    expect(chain.status).toBe(200);
    expect(chain.body.runs.map((r: { execution: { id: string } }) => r.execution.id)).toEqual([
      first.body.id,
      second.body.id,
      third.body.id,
    ]);
    const text = JSON.stringify(chain.body.runs.map((r: { items: unknown[] }) => r.items));
    expect(text.indexOf('answer to first question')).toBeGreaterThan(-1);
    expect(text.indexOf('answer to and then?')).toBeGreaterThan(text.indexOf('answer to first question'));
    expect(text.indexOf('answer to last one')).toBeGreaterThan(text.indexOf('answer to and then?'));
  });

  it('a run without a session id, an unknown run, a command and a running run cannot be continued', async () => {
    const none = await post({ executor: 'claude-code', prompt: 'no session' });
    await finished(none.body.id);
    const calls = seen().length;
    const r = await post({ executor: 'claude-code', prompt: 'more', resume: none.body.id });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid', field: 'resume' });
    expect(r.body.error.message).toMatch(/no session id/);
    expect((await post({ executor: 'claude-code', prompt: 'more', resume: 'no-such-run' })).status).toBe(400);
    const cmd = await post({ executor: 'command', command: 'sleep 30' });
    expect((await post({ executor: 'claude-code', prompt: 'more', resume: cmd.body.id })).status).toBe(400);
    expect((await post({ executor: 'command', command: 'echo', resume: none.body.id })).status).toBe(400);
    expect((await post({ executor: 'claude-code', prompt: 'more', resume: 42 })).status).toBe(400);
    await h.json(`/api/executions/${cmd.body.id}/stop`, { method: 'POST' });
    expect(seen().length).toBe(calls);
  });

  it('the demo agent continues its session too (the same session id in both runs)', async () => {
    const first = await post({ executor: 'demo', prompt: 'demo one' });
    await finished(first.body.id);
    const second = await post({ executor: 'demo', prompt: 'demo two', resume: first.body.id });
    expect(second.status).toBe(201);
    await finished(second.body.id);
    const sessionOf = async (id: string) => {
      const items = (await h.json(`/api/executions/${id}/logs?format=raw&limit=3`)).body.items as {
        text: string;
      }[];
      return /"session_id":"([^"]+)"/.exec(items.map((i) => i.text).join('\n'))![1];
    };
    expect(await sessionOf(second.body.id)).toBe(await sessionOf(first.body.id));
  });
});
