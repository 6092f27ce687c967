// The real Claude Code CLI (pinned npm version) run by a real `tokenfold serve` against the local Anthropic stand-in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_CODE, installAgentCli } from '../../scripts/agent-cli.mjs';
import {
  BASH_COMMAND,
  NOTE_FILE,
  OVERLOADED_TIMES,
  SENTINELS,
  startAnthropicStandIn,
  SUB_COMMAND,
  type RecordedRequest,
  type ScenarioName,
  type StandIn,
} from '../support/anthropic-stand-in.js';
import { scenarioPrompt } from '../support/claude-scenario-runs.js';
import { makeRunDir, writeClaudeWrapper, type RunDir } from '../support/real-claude.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import {
  cliRaw,
  conversation,
  deltaLineCount,
  firstDifference,
  linesBeyondUuid,
  plainStoredBytes,
  rawStdout,
  waitFinished,
  type Entry,
  type ExecutionView,
} from './tokenfold-client.js';

/** The CLI to run: $TOKENFOLD_REAL_CLAUDE, else the pinned version from the cache (installed on first use). */
function realClaude(): string | null {
  if (process.env.TOKENFOLD_REAL_CLAUDE) return process.env.TOKENFOLD_REAL_CLAUDE;
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  try {
    return installAgentCli({ log: (l) => ci && console.log(`[real-cli] ${l}`) }).bin;
  } catch (e) {
    // In CI the registry is reachable: a failed install is a failure there, not a skip.
    if (ci) throw e;
    console.warn(
      `[real-cli] skipped: cannot install ${CLAUDE_CODE.pkg}@${CLAUDE_CODE.pinned} (${(e as Error).message})`,
    );
    return null;
  }
}

const claudeBin = realClaude();

interface Run {
  dir: RunDir;
  execution: ExecutionView;
  capture: Buffer;
  /** Stored bytes of the same capture ingested with `--executor plain` (no folding). */
  plainBytes: number;
  requests: RecordedRequest[];
  entries: Entry[];
}

describe.skipIf(claudeBin === null)('real Claude Code CLI through tokenfold', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: string;
  let plainDb: string;
  let standIn: StandIn;
  let server: ServerProcess;

  beforeAll(async () => {
    tmp = tempDir('tokenfold-real-cli-');
    db = join(tmp.dir, 'server.db');
    plainDb = join(tmp.dir, 'plain.db');
    standIn = await startAnthropicStandIn();
    const wrapper = writeClaudeWrapper(join(tmp.dir, 'claude'), claudeBin!, standIn.url);
    server = await serveProcess(db, ['--claude-bin', wrapper]);
  });

  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
    tmp?.cleanup();
  });

  /** Starts the scenario through POST /api/executions and waits for the execution to end and be compacted. */
  async function run(scenario: ScenarioName): Promise<Run> {
    const dir = makeRunDir(tmp.dir, `${scenario}-`);
    const before = standIn.requests.length;
    const prompt = scenarioPrompt(scenario);
    const created = await server.json<ExecutionView>('/api/executions', {
      method: 'POST',
      body: JSON.stringify({ executor: 'claude-code', prompt, cwd: dir.cwd }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const t0 = performance.now();
    const execution = await waitFinished(server.json, created.body.id, 45_000);
    const capture = readFileSync(dir.capture);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    const plainBytes = plainStoredBytes(plainDb, dir.capture);
    const figures = `${execution.lines} lines, ${deltaLineCount(capture)} delta lines, ${execution.deltasFolded} folded, ${execution.storage.bytes} B stored (${plainBytes} B unfolded)`;
    console.log(`[real-cli] ${scenario}: ${s} s, ${figures}`);
    return {
      dir,
      execution,
      capture,
      plainBytes,
      requests: standIn.requests.slice(before),
      entries: await conversation(server.json, execution.id),
    };
  }

  /** The checks every run gets: exact bytes back, and the fold acceptance points (≥ 99% of deltas folded, fewer bytes stored). */
  function storageChecks(get: () => Run) {
    it('serves the exact stdout the CLI printed, byte for byte (HTTP raw lines and `tokenfold logs --format raw`)', async () => {
      const r = get();
      const http = await rawStdout(server.url, r.execution.id);
      expect(http.stderrLines).toEqual([]);
      const expected = r.capture.toString('utf8');
      expect(http.text === expected, firstDifference(http.text, expected)).toBe(true);
      expect(
        cliRaw(db, r.execution.id).equals(r.capture),
        'tokenfold logs --format raw differs from the capture',
      ).toBe(true);
    });

    it("keeps the README's promise: every line as printed, delta lines the same JSON apart from their uuid", async () => {
      const r = get();
      const http = await rawStdout(server.url, r.execution.id);
      expect(linesBeyondUuid(http.text, r.capture.toString('utf8')).slice(0, 3)).toEqual([]);
    });

    it('folds at least 99% of the delta lines', () => {
      const r = get();
      const deltas = deltaLineCount(r.capture);
      expect(deltas).toBeGreaterThan(100);
      const why = `${r.execution.deltasFolded} of ${deltas} delta lines folded; unfolded by reason ${JSON.stringify(r.execution.unfoldedReasons ?? {})}`;
      expect(r.execution.deltasFolded / deltas, why).toBeGreaterThanOrEqual(0.99);
    });

    it('stores fewer bytes than the same capture stored without folding', () => {
      const r = get();
      expect(
        r.execution.storage.bytes,
        `folded ${r.execution.storage.bytes} B vs plain ${r.plainBytes} B`,
      ).toBeLessThan(r.plainBytes);
    });
  }

  const texts = (r: Run, kind: string) => r.entries.filter((e) => e.kind === kind).map((e) => e.text ?? '');
  const toolCall = (r: Run, name: string) => r.entries.find((e) => e.kind === 'tool-call' && e.name === name);

  describe('(a) thinking then text', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('thinking');
    });
    it('completes, and the conversation holds the thought and the answer', () => {
      expect(r.execution.status).toBe('completed');
      expect(r.execution.exitCode).toBe(0);
      expect(texts(r, 'thinking').join('')).toContain(SENTINELS.thinkingThought);
      expect(texts(r, 'assistant-text').join('')).toContain(SENTINELS.thinkingText);
      expect(r.requests.filter((q) => q.scenario === 'thinking' && q.parsed?.stream)).toHaveLength(1);
    });
    storageChecks(() => r);
  });

  describe('(b) tools over several turns: Bash, Write, Read', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('tools');
    });
    it('completes; the tools ran in cwd, and their results reached the model', () => {
      expect(r.execution.status).toBe('completed');
      expect(readFileSync(join(r.dir.cwd, NOTE_FILE), 'utf8')).toBe(SENTINELS.noteContent);
      const results = r.requests.at(-1)!.parsed!.toolResults;
      expect(results.map((t) => t.toolName)).toEqual(['Bash', 'Write', 'Read']);
      expect(results[0]!.text.trim()).toBe('hi');
      expect(results[2]!.text).toContain(SENTINELS.noteContent.split('\n')[0]);
      expect(results.some((t) => t.isError)).toBe(false);
    });
    it('the conversation holds the tool calls with their inputs and results, and the final text', () => {
      expect(toolCall(r, 'Bash')).toMatchObject({ input: { command: BASH_COMMAND }, status: 'done' });
      expect(toolCall(r, 'Bash')!.result!.text).toContain('hi');
      expect(toolCall(r, 'Write')).toMatchObject({
        input: { file_path: join(r.dir.cwd, NOTE_FILE), content: SENTINELS.noteContent },
        status: 'done',
      });
      expect(toolCall(r, 'Read')).toMatchObject({
        input: { file_path: join(r.dir.cwd, NOTE_FILE) },
        status: 'done',
      });
      expect(texts(r, 'assistant-text').join('')).toContain(SENTINELS.toolsFinal);
    });
    storageChecks(() => r);
  });

  describe('(c) a sub-agent through the Agent tool', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('agent');
    });
    it('completes; the sub-agent ran its own tool and its report reached the main agent', () => {
      expect(r.execution.status).toBe('completed');
      const sub = r.requests.filter((q) => q.scenario === 'sub');
      expect(sub.at(-1)!.parsed!.lastToolResult).toMatchObject({ toolName: 'Bash', isError: false });
      expect(sub.at(-1)!.parsed!.lastToolResult!.text.trim()).toBe('from-sub');
      const main = r.requests.filter((q) => q.scenario === 'agent').at(-1)!.parsed!;
      expect(main.lastToolResult).toMatchObject({ toolName: 'Agent', isError: false });
      expect(main.lastToolResult!.text).toContain(SENTINELS.subFinal);
    });
    it("the conversation nests the sub-agent's tool call under the Agent call, whose result is the sub-agent's report", () => {
      const agent = toolCall(r, 'Agent');
      expect(agent).toMatchObject({
        status: 'done',
        input: { subagent_type: 'general-purpose', run_in_background: false },
      });
      const children = r.entries.filter((e) => e.parent === agent!.id);
      expect(children.find((e) => e.kind === 'tool-call' && e.name === 'Bash')).toMatchObject({
        input: { command: SUB_COMMAND },
        status: 'done',
      });
      // 2.1.332 prints no sub-agent stream_event lines and not its final message: its report comes back as the Agent result.
      expect(agent!.result!.text).toContain(SENTINELS.subFinal);
      expect(texts(r, 'assistant-text').join('')).toContain(SENTINELS.agentFinal);
    });
    it('prints sub-agent lines with the Agent call as parent_tool_use_id', () => {
      const agentId = toolCall(r, 'Agent')!.id;
      const withParent = r.capture
        .toString('utf8')
        .split('\n')
        .filter((l) => l.includes(`"parent_tool_use_id":"${agentId}"`));
      expect(withParent.length).toBeGreaterThan(1);
    });
    storageChecks(() => r);
  });

  describe('(c) the same sub-agent in the background (the default)', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('background');
    });
    it('completes; the CLI prints a second init and result once the background agent is done', () => {
      expect(r.execution.status).toBe('completed');
      const types = r.capture
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; subtype?: string });
      expect(types.filter((t) => t.type === 'result')).toHaveLength(2);
      expect(types.filter((t) => t.type === 'system' && t.subtype === 'init')).toHaveLength(2);
      const agent = toolCall(r, 'Agent');
      expect(
        r.entries
          .filter((e) => e.parent === agent!.id)
          .find((e) => e.kind === 'tool-call' && e.name === 'Bash'),
      ).toMatchObject({ input: { command: SUB_COMMAND } });
      expect(
        r.requests
          .filter((q) => q.scenario === 'sub')
          .at(-1)!
          .parsed!.lastToolResult!.text.trim(),
      ).toBe('from-sub');
    });
    storageChecks(() => r);
  });

  describe('(d) the API is overloaded (HTTP 529) twice, then answers', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('overloaded');
    });
    it('completes after the retries, which the raw output shows as system api_retry lines', () => {
      expect(r.execution.status).toBe('completed');
      expect(r.requests.map((q) => q.status)).toEqual([...Array(OVERLOADED_TIMES).fill(529), 200]);
      const retries = r.capture
        .toString('utf8')
        .split('\n')
        .filter((l) => l.includes('"subtype":"api_retry"'))
        .map((l) => JSON.parse(l) as { attempt: number; error_status: number });
      expect(retries.map((x) => [x.attempt, x.error_status])).toEqual([
        [1, 529],
        [2, 529],
      ]);
      expect(texts(r, 'assistant-text').join('')).toContain(SENTINELS.recovered);
    });
    storageChecks(() => r);
  });

  describe('(e) the API refuses the request (HTTP 400 invalid_request_error)', () => {
    let r: Run;
    beforeAll(async () => {
      r = await run('error');
    });
    it('fails with exit code 1, the API error visible in the conversation and the raw output', async () => {
      expect(r.execution.status).toBe('failed');
      expect(r.execution.exitCode).toBe(1);
      const result = r.entries.find((e) => e.kind === 'result');
      expect(result).toMatchObject({ isError: true });
      expect(result!.text).toContain(SENTINELS.errorMessage);
      expect(r.requests.every((q) => q.status === 400)).toBe(true);
      const http = await rawStdout(server.url, r.execution.id);
      expect(http.text).toBe(r.capture.toString('utf8'));
    });
  });

  it('the CLI called nothing but POST /v1/messages (with ?beta=true) on the stand-in', () => {
    expect(standIn.unknown).toEqual([]);
    expect(new Set(standIn.requests.map((q) => `${q.method} ${q.url}`))).toEqual(
      new Set(['POST /v1/messages?beta=true']),
    );
  });
});
