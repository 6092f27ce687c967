// Cursor's CLI agent in print mode, with partial (token) output.
import { agentBinary, resumeArgs, text, withCwd } from '../spec-fields.js';
import type { ChildSpec } from '../types.js';
import type { AgentRequest } from './types.js';

/** `cursor-agent --print --output-format stream-json --stream-partial-output -- PROMPT`: `--print` is a flag and the prompt positional, so after `--` it is never an option. */
export function cursorSpec(req: AgentRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  return withCwd(
    {
      file: agentBinary('cursor', req.binary, 'cursor-agent'),
      args: [
        '--print',
        '--output-format',
        'stream-json',
        '--stream-partial-output',
        ...resumeArgs(req.resume),
        '--',
        prompt,
      ],
    },
    req.cwd,
  );
}
