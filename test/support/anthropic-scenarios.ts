// Scripted conversations for the Anthropic stand-in, routed by a `[tf:NAME]` marker in the prompt and by the last tool result.
import { join } from 'node:path';
import { apiId, type Block, type Reply, type Turn } from './anthropic-sse.js';
import type { ParsedRequest } from './anthropic-request.js';

export type ScenarioName = 'thinking' | 'tools' | 'agent' | 'background' | 'error' | 'overloaded';

/** Marker to put in the prompt to pick a scenario (the sub-agent's prompt carries `[tf:sub]`). */
export const marker = (name: ScenarioName | 'sub') => `[tf:${name}]`;

/** Sentences each scenario's answers contain, for assertions on the stored conversation. */
export const SENTINELS = {
  thinkingText: 'FOLD-ALPHA: one record per content block.',
  thinkingThought: 'FOLD-THOUGHT: the user wants the folding explained.',
  toolsFinal: 'FOLD-BETA: the note file says',
  subFinal: 'FOLD-GAMMA: the sub-agent saw from-sub.',
  agentFinal: 'FOLD-DELTA: the sub-agent reported back.',
  noteContent: 'tokenfold note: deltas fold into blocks.\nsecond line — ✓\n',
  errorMessage: 'stand-in refuses this request on purpose (scenario error)',
  recovered: 'FOLD-EPSILON: answered after the overload.',
} as const;

export const BASH_COMMAND = 'echo hi';
export const SUB_COMMAND = 'echo from-sub';
export const NOTE_FILE = 'notes.txt';

const WORDS = (
  'the a block delta fold record stream line token message index store replay chunk boundary arrival time ' +
  'sqlite segment compact flush batch live view history cursor subscriber agent tool result signature ' +
  'é naïve café 日本語 テキスト 🙂 "quoted" back\\slash tab\there'
).split(' ');

/** Deterministic prose of about `chars` characters, with non-ASCII text, JSON escapes and newlines in it. */
export function prose(seed: number, chars: number): string {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let out = '';
  let sentence = 0;
  while (out.length < chars) {
    const n = 5 + Math.floor(rand() * 9);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    out += words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '. ';
    if (++sentence % 4 === 0) out += '\n\n';
  }
  return out.trimEnd();
}

const signature = () => Buffer.from(apiId('sig').repeat(6)).toString('base64');
const thinking = (text: string): Block => ({ type: 'thinking', thinking: text, signature: signature() });
const text = (t: string): Block => ({ type: 'text', text: t });
const tool = (name: string, input: Record<string, unknown>): Block => ({
  type: 'tool_use',
  id: apiId('toolu'),
  name,
  input,
});
const turn = (blocks: Block[], stopReason: Turn['stopReason'] = 'end_turn'): Turn => ({
  kind: 'turn',
  blocks,
  stopReason,
});

function thinkingScenario(): Reply {
  return turn([
    thinking(`${SENTINELS.thinkingThought} ${prose(1, 1500)}`),
    text(`${SENTINELS.thinkingText}\n\n${prose(2, 1800)}\n\nDone — ✓.`),
  ]);
}

function toolsScenario(r: ParsedRequest): Reply {
  const file = join(r.cwd ?? '.', NOTE_FILE);
  switch (r.lastToolResult?.toolName) {
    case undefined:
      return turn(
        [
          thinking(prose(3, 400)),
          text("I'll run a quick command first."),
          tool('Bash', { command: BASH_COMMAND, description: 'Print a greeting' }),
        ],
        'tool_use',
      );
    case 'Bash':
      return turn(
        [
          text(`The command printed ${JSON.stringify(r.lastToolResult.text.trim())}. Now I'll write a note.`),
          tool('Write', { file_path: file, content: SENTINELS.noteContent }),
        ],
        'tool_use',
      );
    case 'Write':
      return turn([text('Reading it back.'), tool('Read', { file_path: file })], 'tool_use');
    default:
      return turn([
        text(`${SENTINELS.toolsFinal} "${SENTINELS.noteContent.split('\n')[0]}".\n\n${prose(4, 600)}`),
      ]);
  }
}

/** A sub-agent through the Agent tool: in the foreground, or in the background (the CLI then reports it in a second result). */
function agentScenario(r: ParsedRequest, background: boolean): Reply {
  if (r.lastToolResult?.toolName === 'Agent' || r.lastToolResult?.toolName === 'Task')
    return turn([text(`${SENTINELS.agentFinal} ${prose(5, 300)}`)]);
  const agentTool = r.toolNames.includes('Agent') ? 'Agent' : 'Task';
  const prompt = `${marker('sub')} Run \`${SUB_COMMAND}\` and report what it printed.`;
  return turn(
    [
      text("I'll hand this to a sub-agent."),
      tool(agentTool, {
        description: 'Run a marker command',
        prompt,
        subagent_type: 'general-purpose',
        ...(background ? {} : { run_in_background: false }),
      }),
    ],
    'tool_use',
  );
}

function subScenario(r: ParsedRequest): Reply {
  if (r.lastToolResult?.toolName === 'Bash') return turn([text(`${SENTINELS.subFinal} ${prose(6, 500)}`)]);
  return turn(
    [
      thinking(prose(7, 500)),
      text('Running the command.'),
      tool('Bash', { command: SUB_COMMAND, description: 'Print a marker' }),
    ],
    'tool_use',
  );
}

/** How many times the stand-in has already answered this CLI session with 529 (scenario `overloaded`). */
export interface RouteContext {
  overloadedBefore: number;
}

/** `overloaded` answers 529 this many times, then streams a reply: the CLI prints its retries and recovers. */
export const OVERLOADED_TIMES = 2;

/** The reply for a request, or undefined when no scenario marker is in its prompt. */
export function route(
  r: ParsedRequest,
  ctx: RouteContext = { overloadedBefore: 0 },
): { scenario: ScenarioName | 'sub'; reply: Reply } | undefined {
  const has = (name: ScenarioName | 'sub') => r.prompt.includes(marker(name));
  if (has('sub')) return { scenario: 'sub', reply: subScenario(r) };
  if (has('thinking')) return { scenario: 'thinking', reply: thinkingScenario() };
  if (has('tools')) return { scenario: 'tools', reply: toolsScenario(r) };
  if (has('agent')) return { scenario: 'agent', reply: agentScenario(r, false) };
  if (has('background')) return { scenario: 'background', reply: agentScenario(r, true) };
  if (has('error'))
    return {
      scenario: 'error',
      reply: { kind: 'error', status: 400, type: 'invalid_request_error', message: SENTINELS.errorMessage },
    };
  if (has('overloaded')) {
    if (ctx.overloadedBefore < OVERLOADED_TIMES)
      return {
        scenario: 'overloaded',
        reply: { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
      };
    return { scenario: 'overloaded', reply: turn([text(`${SENTINELS.recovered} ${prose(8, 900)}`)]) };
  }
  return undefined;
}
