// Qwen Code (a Gemini CLI fork) in headless mode, Claude-compatible stream-json with partial messages.
import { agentBinary, sessionId, text, withCwd } from '../spec-fields.js';
import type { ChildSpec } from '../types.js';
import type { AgentRequest } from './types.js';

/**
 * `qwen --prompt PROMPT --output-format stream-json --include-partial-messages`. Its yargs `--prompt` (no
 * nargs, unlike Gemini's) reads a separate value starting with `-` as an option, and strips the quotes
 * of `--prompt="quoted"`: so `--prompt=` only for a prompt starting with `-` (which cannot be quoted).
 * Checked with qwen-code 0.24.4's bundled parser.
 */
export function qwenCodeSpec(req: AgentRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  const promptArgs = prompt.startsWith('-') ? [`--prompt=${prompt}`] : ['--prompt', prompt];
  const resume = sessionId(req.resume);
  const args = [
    ...(resume ? [`--resume=${resume}`] : []),
    ...promptArgs,
    '--output-format',
    'stream-json',
    '--include-partial-messages',
  ];
  return withCwd({ file: agentBinary('qwen-code', req.binary, 'qwen'), args }, req.cwd);
}
