// Each agent executor through the server, with a fake CLI on PATH (test/fixtures/fake-agents/) that records
// what it was given and replays a capture: the prompt (option-like) reached it as a value, in `cwd`; the
// stored run is byte-exact (`logs --format raw`) and its conversation shows the answer. A missing binary fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDifference } from './support/round-trip.js';
import { startHarness, waitFor, type Harness } from './support/server-harness.js';
import { tempDir } from './support/store-helpers.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'tokenfold.js');
const FAKES = join(import.meta.dirname, 'fixtures', 'fake-agents');
const corpus = join(import.meta.dirname, 'fixtures', 'corpus');
const PROMPT = '-x "quoted" --yolo\n- [ ] and a second line';

const tmp = tempDir('tokenfold-agent-executors-');
const record = join(tmp.dir, 'record.jsonl');
const cwd = join(tmp.dir, 'project');
const saved = { path: process.env.PATH, record: process.env.FAKE_AGENT_RECORD };
let h: Harness;

beforeAll(async () => {
  mkdirSync(cwd);
  process.env.PATH = `${FAKES}:${process.env.PATH}`;
  process.env.FAKE_AGENT_RECORD = record;
  for (const a of ['CODEX', 'GEMINI', 'CURSOR', 'QWEN_CODE']) delete process.env[`TOKENFOLD_${a}_BIN`];
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  process.env.PATH = saved.path;
  if (saved.record === undefined) delete process.env.FAKE_AGENT_RECORD;
  else process.env.FAKE_AGENT_RECORD = saved.record;
  tmp.cleanup();
});

interface Seen {
  agent: string;
  argv: string[];
  cwd: string;
  stdin: string[];
}

function cli(args: string[]): Buffer {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

async function runToEnd(executor: string, extra: Record<string, unknown> = {}) {
  const created = await h.json('/api/executions', {
    method: 'POST',
    body: JSON.stringify({ executor, prompt: PROMPT, cwd, ...extra }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const done = await waitFor(
    async () => {
      const e = (await h.json(`/api/executions/${id}`)).body;
      return e.status !== 'running' ? e : null;
    },
    20_000,
    `${executor} to finish`,
  );
  return { id, done };
}

const seenBy = (agent: string): Seen =>
  readFileSync(record, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Seen)
    .findLast((s) => s.agent === agent)!;

const cases: [executor: string, capture: string, answer: string, argv: string[] | null][] = [
  [
    'gemini',
    'gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl',
    'test content from gemini research',
    [`--prompt=${PROMPT}`, '--output-format', 'stream-json'],
  ],
  [
    'cursor',
    'cursor/cursor-hack-direct-sleep.jsonl',
    'Both commands have finished running',
    ['--print', '--output-format', 'stream-json', '--stream-partial-output', '--', PROMPT],
  ],
  [
    'qwen-code',
    'qwen-code/tokenfold-qwen-code-0.24.4-real.jsonl',
    'The build runs `tsc` first, then `vite build`',
    [`--prompt=${PROMPT}`, '--output-format', 'stream-json', '--include-partial-messages'],
  ],
  ['codex', 'codex/tokenfold-codex-0.171-app-server-real.jsonl', 'The answer is 42', ['app-server']],
];

describe.each(cases)('executor %s with a fake CLI on PATH', (executor, capture, answer, argv) => {
  it('passes the prompt as a value, runs in cwd, stores the run byte for byte, shows the answer', async () => {
    const { id, done } = await runToEnd(executor);
    expect(done).toMatchObject({ status: 'completed', exitCode: 0, executor, prompt: PROMPT, cwd });
    const seen = seenBy(executor);
    expect(seen.argv).toEqual(argv);
    expect(seen.cwd).toBe(cwd);
    const raw = cli(['logs', '--db', h.dbPath, id, '--format', 'raw']);
    expect(rawDifference(readFileSync(join(corpus, capture)), raw)).toBeNull();
    const conversation = cli(['logs', '--db', h.dbPath, id, '--format', 'conversation']).toString();
    expect(conversation).toContain(answer);
    expect(done.deltasFolded).toBeGreaterThan(0);
  });
});

describe('codex app-server driver', () => {
  it('sends initialize, initialized, thread/start in cwd and turn/start with the prompt as a JSON string, then closes stdin', async () => {
    await runToEnd('codex');
    const sent = seenBy('codex').stdin.map((l) => JSON.parse(l));
    expect(sent.map((m) => m.method)).toEqual(['initialize', 'initialized', 'thread/start', 'turn/start']);
    expect(sent[2].params).toMatchObject({ cwd, approvalPolicy: 'never' });
    // The thread id comes from the server's thread/start response, the prompt verbatim as the one text input.
    const threadId = JSON.parse(
      readFileSync(join(corpus, 'codex/tokenfold-codex-0.171-app-server-real.jsonl'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('{"id":2,'))!,
    ).result.thread.id;
    expect(sent[3].params).toEqual({ threadId, input: [{ type: 'text', text: PROMPT }] });
  });

  it("fails the run with the turn's error when codex reports turn/completed with status failed", async () => {
    // The real capture with its turn ending in failure.
    const failed = join(tmp.dir, 'codex-failed.jsonl');
    const capture = readFileSync(join(corpus, 'codex/tokenfold-codex-0.171-app-server-real.jsonl'), 'utf8');
    writeFileSync(
      failed,
      capture.replace(
        /("method":"turn\/completed".*?)"status":"completed","error":null/,
        '$1"status":"failed","error":{"message":"stream disconnected before completion"}',
      ),
    );
    expect(readFileSync(failed, 'utf8')).toContain('stream disconnected');
    process.env.FAKE_AGENT_CAPTURE = failed;
    try {
      const { id, done } = await runToEnd('codex');
      expect(done).toMatchObject({ status: 'failed', exitCode: 0 });
      expect(cli(['logs', '--db', h.dbPath, id, '--format', 'raw']).toString()).toContain(
        'tokenfold: codex: turn failed: stream disconnected before completion',
      );
    } finally {
      delete process.env.FAKE_AGENT_CAPTURE;
    }
  });
});

describe('a follow-up prompt (resume) through the API', () => {
  // Each fake replays a capture whose session id the agent's format reads back.
  it.each([
    ['gemini', (argv: string[], sid: string) => expect(argv[0]).toBe(`--resume=${sid}`)],
    [
      'cursor',
      (argv: string[], sid: string) => expect(argv.slice(-4)).toEqual(['--resume', sid, '--', 'and now?']),
    ],
    ['qwen-code', (argv: string[], sid: string) => expect(argv[0]).toBe(`--resume=${sid}`)],
  ] as const)("%s continues the earlier run's session", async (executor, check) => {
    const first = await runToEnd(executor);
    const session = (await h.json(`/api/executions/${first.id}/session`)).body;
    expect(session.runs).toHaveLength(1);
    const created = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor, prompt: 'and now?', resume: first.id }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await waitFor(
      async () =>
        (await h.json(`/api/executions/${created.body.id}`)).body.status !== 'running' ? true : null,
      20_000,
      'the follow-up',
    );
    const seen = seenBy(executor);
    const sid = /--resume[= ](\S+)/.exec(seen.argv.join(' '))![1]!;
    expect(readFileSync(join(corpus, cases.find((c) => c[0] === executor)![1]), 'utf8')).toContain(sid);
    check(seen.argv, sid);
    expect(seen.cwd).toBe(cwd);
    expect((await h.json(`/api/executions/${created.body.id}`)).body.previous).toBe(first.id);
  });

  it('codex resumes the thread with thread/resume', async () => {
    const first = await runToEnd('codex');
    const created = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'codex', prompt: 'and now?', resume: first.id }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await waitFor(
      async () =>
        (await h.json(`/api/executions/${created.body.id}`)).body.status !== 'running' ? true : null,
      20_000,
      'the follow-up',
    );
    const sent = seenBy('codex').stdin.map((l) => JSON.parse(l));
    expect(sent[2].method).toBe('thread/resume');
    expect(sent[2].params.threadId).toBe(sent[3].params.threadId);
  });

  it("refuses to continue another agent's run", async () => {
    const first = await runToEnd('gemini');
    const r = await h.json('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'cursor', prompt: 'x', resume: first.id }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('resume');
  });
});

describe('a missing agent binary', () => {
  it.each([
    ['codex', 'TOKENFOLD_CODEX_BIN'],
    ['gemini', 'TOKENFOLD_GEMINI_BIN'],
    ['cursor', 'TOKENFOLD_CURSOR_BIN'],
    ['qwen-code', 'TOKENFOLD_QWEN_CODE_BIN'],
  ])('%s ($%s names it) fails with "not found on PATH"', async (executor, env) => {
    process.env[env] = 'no-such-agent-cli';
    try {
      const { id, done } = await runToEnd(executor);
      expect(done.status).toBe('failed');
      expect(cli(['logs', '--db', h.dbPath, id, '--format', 'raw']).toString()).toContain(
        'cannot start "no-such-agent-cli": not found on PATH',
      );
    } finally {
      delete process.env[env];
    }
  });
});

describe('the demo executor', () => {
  it.each(['codex', 'gemini', 'cursor', 'qwen-code'])(
    'with format %s stores a run of that executor whose conversation reads',
    async (format) => {
      const { id, done } = await runToEnd('demo', { format });
      expect(done).toMatchObject({ status: 'completed', executor: format });
      const conversation = cli(['logs', '--db', h.dbPath, id, '--format', 'conversation']).toString();
      expect(conversation).toContain(PROMPT.split('\n')[0]);
      expect(conversation).not.toMatch(/^· item\//m);
    },
  );
});
