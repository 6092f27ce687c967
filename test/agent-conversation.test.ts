// The conversation of Codex, Gemini, Cursor and Qwen Code runs: the agent's answer, thinking, tool calls
// with inputs, results and exit codes, todos, errors and usage, as entries (not JSON), whether the
// executor names the format or it is recognised from the lines, and from the folded lines alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunked } from './support/claude-stream-arbitrary.js';
import { codexStream, qwenStream } from './support/agent-stream-arbitrary.js';
import { flattenEntries } from '../src/conversation/flatten.js';
import { renderEntryForTerminal } from '../src/conversation/render-terminal.js';
import type { ConversationEntry, ToolCallEntry } from '../src/conversation/types.js';
import { toConversation } from '../src/replay/conversation.js';
import { foldedEntries } from '../src/replay/folded.js';
import { readEntries, readRecords } from '../src/replay/read-history.js';
import type { ExecutorName } from '../src/store/types.js';
import { ingestAndReplay, useTempStore } from './support/store-helpers.js';
import fc from 'fast-check';

const db = useTempStore('agent-conversation.db');
const fixture = (p: string) => readFileSync(join(import.meta.dirname, 'fixtures/corpus', p));

/** Entries of a stored run three ways (its executor, recognised, from folded lines): all must agree. */
async function conversation(input: Buffer, executor: ExecutorName): Promise<ConversationEntry[]> {
  const { execution } = await ingestAndReplay(db.store, chunked(input, [4096]), executor);
  const lines = await readEntries(db.store, execution);
  const byExecutor = toConversation(lines, executor).items;
  expect(toConversation(lines).items).toEqual(byExecutor);
  // From folded lines, entries are made at a block's last line: the same entries, other ids and seqs.
  const bare = (items: readonly ConversationEntry[]) =>
    JSON.parse(JSON.stringify(items, (k, v) => (k === 'id' || k === 'seq' ? undefined : v)));
  expect(bare(toConversation(foldedEntries(await readRecords(db.store, execution)), executor).items)).toEqual(
    bare(byExecutor),
  );
  return flattenEntries(byExecutor).map((r) => r.entry);
}

const texts = (es: ConversationEntry[], kind: 'assistant-text' | 'thinking' | 'user') =>
  es.flatMap((e) => (e.kind === kind ? [e.text] : []));
const tools = (es: ConversationEntry[]) => es.filter((e): e is ToolCallEntry => e.kind === 'tool-call');
const terminal = (es: ConversationEntry[]) =>
  es.map((e) => renderEntryForTerminal(e, { color: false, width: 200 })).join('\n');

/** Nothing is shown as raw JSON: no raw entry, no entry whose text is a JSON object. */
function readable(es: ConversationEntry[]): void {
  for (const e of es) {
    expect(e.kind).not.toBe('raw');
    if ('text' in e) expect(e.text.trimStart().startsWith('{"')).toBe(false);
  }
}

describe('Cursor', () => {
  it('shows the thinking streamed in 210 chunks, both answers, the shell calls with exit codes, and the result', async () => {
    const es = await conversation(fixture('cursor/cursor-hack-direct-sleep.jsonl'), 'cursor');
    readable(es);
    expect(texts(es, 'user')).toEqual([
      'Run `sleep 5` using bash, then run `sleep 3` using bash. Do nothing else.',
    ]);
    expect(texts(es, 'thinking')).toHaveLength(1);
    expect(texts(es, 'thinking')[0]).toMatch(
      /^\*\*Planning sequential commands\*\*\n\nI need to follow instructions/,
    );
    expect(texts(es, 'assistant-text')).toEqual([
      'I’ll run `sleep 5` in bash, wait for it to finish, then run `sleep 3` in bash.',
      'Both commands have finished running: first `sleep 5`, then `sleep 3`, with no other actions taken.',
    ]);
    expect(tools(es).map((t) => [t.name, (t.input as { command: string }).command, t.status])).toEqual([
      ['Bash', 'sleep 5', 'done'],
      ['Bash', 'sleep 3', 'done'],
    ]);
    expect(tools(es)[0]!.result!.text).toContain('exit code 0');
    expect(es.at(-1)!.kind).toBe('result');
  });

  it('shows text streamed with --stream-partial-output once, not again as its consolidated copies', async () => {
    const line = (o: object) => JSON.stringify(o);
    const chunk = (text: string, t: number) =>
      line({
        type: 'assistant',
        message: { role: 'assistant', content: [{ type: 'text', text }] },
        session_id: 's',
        timestamp_ms: t,
      });
    const input = Buffer.from(
      [
        line({
          type: 'user',
          message: { role: 'user', content: [{ type: 'text', text: 'hi' }] },
          session_id: 's',
        }),
        chunk('Hel', 1),
        chunk('lo', 1),
        chunk(' there', 2),
        line({
          type: 'assistant',
          message: { role: 'assistant', content: [{ type: 'text', text: 'Hello there' }] },
          session_id: 's',
          model_call_id: 'm',
          timestamp_ms: 3,
        }),
        line({
          type: 'assistant',
          message: { role: 'assistant', content: [{ type: 'text', text: 'Hello there' }] },
          session_id: 's',
        }),
        line({ type: 'result', subtype: 'success', is_error: false, result: 'Hello there', session_id: 's' }),
      ].join('\n') + '\n',
    );
    const es = await conversation(input, 'cursor');
    expect(texts(es, 'assistant-text')).toEqual(['Hello there']);
  });
});

describe('Gemini CLI', () => {
  it('shows each prompt, answer, tool call with its parameters and result, and the usage', async () => {
    const es = await conversation(
      fixture('gemini/agentcmd-gemini-0.11-stream-json-captures.EXTRACTED.jsonl'),
      'gemini',
    );
    readable(es);
    expect(texts(es, 'user')).toEqual(['Say hello', 'Read the file...']);
    expect(texts(es, 'assistant-text')).toEqual([
      "Hello! I'm ready to help. What can I do for you?",
      'The file /private/tmp/gemini-test/sample.txt contains the following:\ntest content from gemini research\n',
      'Done.\n',
      'Done.',
    ]);
    const replace = tools(es).find((t) => t.name === 'replace')!;
    expect(replace.input).toMatchObject({ new_string: 'Goodbye from Gemini CLI' });
    expect(replace.status).toBe('done');
    const results = es.filter((e) => e.kind === 'result');
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ isError: false, usage: { inputTokens: 7352, outputTokens: 16 } });
  });

  it('shows the official error events: a warning as a notice, an error as an error', async () => {
    const snap = fixture('gemini/gemini-cli-OFFICIAL-HANDWRITTEN-nonInteractiveCli.test.ts.snap').toString(
      'utf8',
    );
    const lines = snap
      .split('\n')
      .map((l) => l.replace(/^"/, '').replace(/<[A-Z]+>/g, '1'))
      .filter((l) => l.startsWith('{"type":'));
    const es = await conversation(Buffer.from(lines.join('\n') + '\n'), 'gemini');
    expect(
      es.some((e) => e.kind === 'system' && e.text === 'Warning: Loop detected, stopping execution'),
    ).toBe(true);
    expect(es.some((e) => e.kind === 'error' && e.text === 'Maximum session turns exceeded')).toBe(true);
    expect(texts(es, 'assistant-text')).toContain('Final answer');
    expect(tools(es).find((t) => t.id === 'tool-1')!.result!.text).toBe('Tool executed successfully');
  });
});

describe('Codex', () => {
  it('exec --json: reasoning, the command with its output and exit code, the answer, the usage', async () => {
    const es = await conversation(fixture('codex/agentcmd-exec-json-0.46-stream-output-4.jsonl'), 'codex');
    readable(es);
    expect(texts(es, 'thinking')).toEqual([
      '**Preparing to read file with bash shell**',
      '**Preparing response description**',
    ]);
    const [cmd] = tools(es);
    expect(cmd).toMatchObject({ name: 'Bash', input: { command: "bash -lc 'cat test.js'" }, status: 'done' });
    expect(cmd!.result!.text).toBe("console.log('Hello World');\nexit code 0");
    expect(texts(es, 'assistant-text')[0]).toContain('simply contains');
    expect(es.at(-1)).toMatchObject({
      kind: 'result',
      isError: false,
      usage: { inputTokens: 6087, cacheReadInputTokens: 5120, outputTokens: 204 },
    });
  });

  it('exec --json: todo lists, failed commands, file changes, MCP calls and errors', async () => {
    const es = await conversation(
      fixture('codex/takopi-HANDWRITTEN-codex_exec_json_all_formats.jsonl'),
      'codex',
    );
    readable(es);
    const todo = tools(es).find((t) => t.name === 'TodoWrite')!;
    expect(todo.input).toEqual({
      todos: [
        { content: 'Inspect repo structure', status: 'completed' },
        { content: 'Run tests', status: 'completed' },
        { content: 'Fix failing tests', status: 'completed' },
      ],
    });
    const failed = tools(es).filter((t) => t.name === 'Bash')[1]!;
    expect(failed).toMatchObject({ status: 'error', result: { text: '....F\nexit code 1', isError: true } });
    const edit = tools(es).find((t) => t.name === 'Edit')!;
    expect(edit.result!.text).toBe('update src/compute_answer.py\nadd README.md');
    expect(tools(es).find((t) => t.name === 'github.search_issues')!.result!.text).toBe('Found 3 matches.');
  });

  it('shows an API error as its message, not as nested JSON', async () => {
    const es = await conversation(
      fixture('codex/on-keyday__agent-harness__codex-exec-json-error.jsonl'),
      'codex',
    );
    readable(es);
    const msg =
      "The 'definitely-not-a-real-model' model is not supported when using Codex with a ChatGPT account.";
    expect(es.filter((e) => e.kind === 'error').map((e) => 'text' in e && e.text)).toContain(msg);
    expect(es.at(-1)).toMatchObject({ kind: 'result', isError: true, text: msg });
  });

  it('the old {"id","msg"} envelope: reasoning, the command and the final answer', async () => {
    const es = await conversation(
      fixture('codex/vibe-kanban-LEGACY-codex-exec-json-pre0.44-test_normalize_logs_basic.jsonl'),
      'codex',
    );
    readable(es);
    expect(texts(es, 'thinking')[0]).toMatch(/^\*\*Inspecting the directory tree\*\*/);
    expect(tools(es)[0]).toMatchObject({
      name: 'Bash',
      input: { command: 'bash -lc ls -1' },
      status: 'done',
    });
    expect(texts(es, 'assistant-text')).toEqual([
      'I can see the directory structure of your project. This appears to be a Rust project with a frontend/backend architecture, using pnpm for package management. The project includes various configuration files, documentation, and development assets.',
    ]);
  });

  it('app-server: the streamed answer of each item is its deltas, joined', async () => {
    await fc.assert(
      fc.asyncProperty(codexStream, async (s) => {
        const es = await conversation(Buffer.from(s.lines.join('\n') + '\n'), 'codex');
        expect(
          es
            .filter((e) => e.kind === 'assistant-text' || e.kind === 'thinking')
            .map((e) => ('text' in e ? e.text : '')),
        ).toEqual(s.runs.map((t) => t));
        expect(es.at(-1)!.kind).toBe('result');
      }),
      { numRuns: 25 },
    );
  });
});

describe('Qwen Code', () => {
  it('reads its Claude-compatible stream events, with its own events shown compactly', async () => {
    await fc.assert(
      fc.asyncProperty(qwenStream, async (s) => {
        const es = await conversation(Buffer.from(s.lines.join('\n') + '\n'), 'qwen-code');
        // (A block opened by content_block_start is an entry before its first delta.)
        expect(
          es.flatMap((e) =>
            (e.kind === 'assistant-text' || e.kind === 'thinking') && e.text !== '' ? [e.text] : [],
          ),
        ).toEqual(s.runs.filter((t) => t !== ''));
        expect(es.some((e) => e.kind === 'system' && e.text.startsWith('Goal: status=achieved'))).toBe(true);
        expect(terminal(es)).toContain('run_shell_command running');
      }),
      { numRuns: 25 },
    );
  });
});
