// Runs scenarios of the Anthropic stand-in with a real Claude Code binary, directly (for captures and the drift check).
import { rmSync } from 'node:fs';
import { startAnthropicStandIn, marker, type ScenarioName } from './anthropic-stand-in.js';
import { makeRunDir, runClaudeDirect } from './real-claude.js';

export interface ScenarioRun {
  scenario: ScenarioName;
  code: number | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
  /** Requests the stand-in answered for this run. */
  requests: number;
}

/** The exit code each scenario should end with. */
export const EXPECTED_EXIT: Record<ScenarioName, number> = {
  thinking: 0,
  tools: 0,
  agent: 0,
  background: 0,
  error: 1,
  overloaded: 0,
};

/** The prompt the captures and tests use for a scenario. */
export const scenarioPrompt = (s: ScenarioName) => `Please do the thing ${marker(s)}`;

/** Runs each scenario in turn, each with a fresh HOME and cwd under `root`, against one stand-in. */
export async function runScenarios(
  bin: string,
  scenarios: readonly ScenarioName[],
  root: string,
  timeoutMs = 90_000,
): Promise<ScenarioRun[]> {
  const standIn = await startAnthropicStandIn();
  const runs: ScenarioRun[] = [];
  try {
    for (const scenario of scenarios) {
      const dir = makeRunDir(root, `${scenario}-`);
      const before = standIn.requests.length;
      const r = await runClaudeDirect({
        bin,
        prompt: scenarioPrompt(scenario),
        run: dir,
        apiUrl: standIn.url,
        timeoutMs,
      });
      runs.push({ scenario, ...r, requests: standIn.requests.length - before });
      rmSync(dir.dir, { recursive: true, force: true });
    }
  } finally {
    await standIn.close();
  }
  return runs;
}
