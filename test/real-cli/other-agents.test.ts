// The real Codex (app-server, driven by tokenfold), Gemini CLI and Qwen Code CLIs (pinned npm versions) run by a real
// `tokenfold serve` against a local stand-in of their model APIs: the option-like prompt reaches the model verbatim,
// what the CLI printed is stored byte for byte, deltas are folded, and the answer reads in the conversation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAgentCli, OTHER_AGENT_CLIS } from '../../scripts/agent-cli.mjs';
import { ANSWERS, startAgentStandIn, type AgentStandIn } from '../support/agent-stand-ins.js';
import { makeAgentRunDir, writeAgentWrapper, type RealAgent } from '../support/real-agents.js';
import { serveProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/store-helpers.js';
import { conversation, rawStdout, waitFinished, type ExecutionView } from './tokenfold-client.js';

const AGENTS: RealAgent[] = ['codex', 'gemini', 'qwen-code'];
const ci = process.env.CI === 'true' || process.env.CI === '1';

/** Each CLI from the cache (installed on first use); null when it cannot be installed here (outside CI: skipped). */
function install(agent: RealAgent): string | null {
  const { pkg, pinned } = OTHER_AGENT_CLIS[agent];
  try {
    return installAgentCli({ pkg, version: pinned, log: (l) => ci && console.log(`[real-cli] ${l}`) }).bin;
  } catch (e) {
    if (ci) throw e;
    console.warn(`[real-cli] ${agent} skipped: cannot install ${pkg}@${pinned} (${(e as Error).message})`);
    return null;
  }
}

const bins = Object.fromEntries(AGENTS.map((a) => [a, install(a)])) as Record<RealAgent, string | null>;
const PROMPT = '--yolo "quoted" - [ ] and a -x';

describe.skipIf(AGENTS.every((a) => bins[a] === null))('real agent CLIs through tokenfold', () => {
  let tmp: ReturnType<typeof tempDir>;
  let standIn: AgentStandIn;
  let server: ServerProcess;

  beforeAll(async () => {
    tmp = tempDir('tokenfold-real-agents-');
    standIn = await startAgentStandIn();
    const args = AGENTS.filter((a) => bins[a] !== null).flatMap((a) => [
      '--agent-bin',
      `${a}=${writeAgentWrapper(join(tmp.dir, `${a}-wrapper`), a, bins[a]!, standIn.url)}`,
    ]);
    server = await serveProcess(join(tmp.dir, 'server.db'), args);
  });

  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
    tmp?.cleanup();
  });

  it.each(AGENTS)(
    '%s: prompt verbatim to the model, stdout stored byte for byte, deltas folded, answer in the conversation',
    async (agent) => {
      if (bins[agent] === null) return;
      const dir = makeAgentRunDir(tmp.dir, agent, standIn.url);
      const before = standIn.bodies.length;
      const created = await server.json<ExecutionView>('/api/executions', {
        method: 'POST',
        body: JSON.stringify({ executor: agent, prompt: PROMPT, cwd: dir.cwd }),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const execution = await waitFinished(server.json, created.body.id, 60_000);
      const { text, stderrLines } = await rawStdout(server.url, execution.id);
      expect(execution.status, stderrLines.join('\n')).toBe('completed');
      // The prompt as the model received it: a JSON string in some request body.
      expect(standIn.bodies.slice(before).some((b) => b.includes(JSON.stringify(PROMPT).slice(1, -1)))).toBe(
        true,
      );
      expect(text).toBe(readFileSync(dir.capture, 'utf8'));
      expect(execution.deltasFolded).toBeGreaterThan(0);
      const said = (await conversation(server.json, execution.id))
        .filter((e) => e.kind === 'assistant-text')
        .map((e) => (e as { text?: string }).text ?? '');
      expect(said.join('')).toContain(ANSWERS[agent]);
    },
  );
});
