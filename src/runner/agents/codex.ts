// OpenAI Codex: `codex app-server`, driven over stdin for one turn (see ../codex-driver.ts). app-server, not
// `exec --json`: only app-server streams token deltas (src/formats/codex/index.ts says more).
import { codexAppServerDriver } from '../codex-driver.js';
import { agentBinary, sessionId, text, withCwd } from '../spec-fields.js';
import type { ChildSpec } from '../types.js';
import type { AgentRequest } from './types.js';

/** `codex app-server`; the prompt travels as a JSON string in `turn/start`, never on the command line. */
export function codexSpec(req: AgentRequest): ChildSpec {
  const prompt = text('prompt', req.prompt);
  const spec = withCwd({ file: agentBinary('codex', req.binary, 'codex'), args: ['app-server'] }, req.cwd);
  const threadId = sessionId(req.resume);
  return {
    ...spec,
    driver: codexAppServerDriver({ prompt, cwd: spec.cwd, ...(threadId ? { threadId } : {}) }),
  };
}
