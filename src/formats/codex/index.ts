// OpenAI Codex CLI format.
//
// Which Codex output to run for a live view: `codex app-server`. `codex exec --json` prints each item
// only when it is complete (`item.completed` with the whole agent message), so a reader would wait for
// the whole answer with nothing moving; `app-server` streams JSON-RPC notifications token by token
// (`item/agentMessage/delta`, `item/reasoning/textDelta`, `item/commandExecution/outputDelta`) with
// `item/completed` as the complete copy, and those deltas fold here into one block per item. The
// executor has to speak the protocol (initialize, thread/start, turn/start with the prompt as a value)
// and stop the server at `turn/completed`. `exec --json` output is still classified (nothing to fold).
import type { AgentFormat } from '../format.js';
import { codexSessionIdOf } from './session-id.js';
import { classifyCodexLine } from './classify.js';

export const codexFormat: AgentFormat = {
  name: 'codex',
  classify: classifyCodexLine,
  sessionIdOf: codexSessionIdOf,
};
