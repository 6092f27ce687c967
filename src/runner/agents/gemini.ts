// Google Gemini CLI in headless mode with stream-json output.
import { agentBinary, sessionId, text, withCwd } from '../spec-fields.js';
import type { ChildSpec } from '../types.js';
import type { AgentRequest } from './types.js';

/**
 * `gemini --prompt=PROMPT --output-format stream-json`. Its parser (yargs) refuses `-p -x` ("Not enough
 * arguments following: p") and has no `--` for this; the `--prompt=` form takes the rest of the argument
 * verbatim (leading `-`, quotes, newlines: checked with gemini-cli 0.61 against a local API stand-in).
 */
export function geminiSpec(req: AgentRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  // --resume takes a session's uuid (or an index, or `latest`): the = form keeps it one value.
  const resume = sessionId(req.resume);
  const args = [
    ...(resume ? [`--resume=${resume}`] : []),
    `--prompt=${prompt}`,
    '--output-format',
    'stream-json',
  ];
  return withCwd({ file: agentBinary('gemini', req.binary, 'gemini'), args }, req.cwd);
}
