// Builds the ChildSpec for each executor (Claude Code, shell command, demo agent), validating the request.
import { join } from 'node:path';
import { invalid } from '../errors.js';
import { DEMO_FORMATS, type DemoFormat } from '../demo/formats/index.js';
import { repoRoot } from './repo-root.js';
import { agentBinary, resumeArgs, text, withCwd } from './spec-fields.js';
import type { ChildSpec } from './types.js';

export interface ClaudeCodeRequest {
  prompt: string;
  /** Defaults to $TOKENFOLD_CLAUDE_BIN, then `claude`. */
  binary?: string;
  extraArgs?: readonly string[];
  cwd?: string;
  /** A session to continue (`--resume SESSION_ID`, a follow-up prompt). */
  resume?: string;
}

export interface CommandRequest {
  command: string;
  cwd?: string;
}

export interface DemoAgentRequest {
  prompt: string;
  /** The agent whose output the demo prints (default claude-code). */
  format?: DemoFormat;
  seed?: number;
  speed?: number;
  cwd?: string;
  /** A session to continue: the demo's lines carry this session id, as claude's do with `--resume`. */
  resume?: string;
}

/**
 * `binary --print --verbose --output-format=stream-json --include-partial-messages ...extraArgs -- PROMPT`.
 * The prompt comes after `--` (end of options for claude's commander parser): a prompt such as
 * `--dangerously-skip-permissions` or `- [ ] fix it` is the prompt, never an option (`-p PROMPT` let it be one).
 */
export function claudeCodeSpec(req: ClaudeCodeRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  const binary = agentBinary('claude', req.binary, 'claude');
  const extraArgs = req.extraArgs ?? [];
  if (!Array.isArray(extraArgs) || !extraArgs.every((a) => typeof a === 'string'))
    throw invalid('extraArgs', 'must be an array of strings');
  const args = [
    '--print',
    '--verbose',
    '--output-format=stream-json',
    '--include-partial-messages',
    ...extraArgs,
    ...resumeArgs(req.resume),
    '--',
    prompt,
  ];
  return withCwd({ file: binary, args }, req.cwd);
}

/** Runs `command` with `/bin/sh -c`. */
export function commandSpec(req: CommandRequest): ChildSpec {
  return withCwd({ file: text('command', req.command), args: [], shell: true }, req.cwd);
}

/** The demo agent as a real child: `node bin/tokenfold.js demo-agent [--format F] [--seed N] [--speed X] --print -- PROMPT` (needs a build). */
export function demoAgentSpec(req: DemoAgentRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  const args = [join(repoRoot(), 'bin', 'tokenfold.js'), 'demo-agent'];
  if (req.format !== undefined) {
    if (!(DEMO_FORMATS as readonly unknown[]).includes(req.format))
      throw invalid('format', `must be one of ${DEMO_FORMATS.join(', ')}, got ${String(req.format)}`);
    args.push('--format', req.format);
  }
  if (req.seed !== undefined) {
    if (!Number.isSafeInteger(req.seed)) throw invalid('seed', `must be an integer, got ${String(req.seed)}`);
    args.push('--seed', String(req.seed));
  }
  if (req.speed !== undefined) {
    if (typeof req.speed !== 'number' || !(req.speed > 0) || !Number.isFinite(req.speed)) {
      throw invalid('speed', `must be a positive number, got ${String(req.speed)}`);
    }
    args.push('--speed', String(req.speed));
  }
  args.push(...resumeArgs(req.resume), '--print', '--', prompt);
  return withCwd({ file: process.execPath, args }, req.cwd);
}
