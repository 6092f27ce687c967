// Drives one turn of `codex app-server` over stdin (JSON-RPC, one JSON object per line): initialize,
// initialized, thread/start in `cwd`, turn/start with the prompt as a text input; stdin is closed at
// turn/completed, which makes the server exit. What the server prints is stored untouched.
import { VERSION } from '../version.js';
import type { ChildDriver, ChunkListener, DriverStdin } from './types.js';

type Obj = Record<string, unknown>;

const INITIALIZE = 1;
const THREAD_START = 2;
const TURN_START = 3;

export interface CodexTurn {
  prompt: string;
  cwd: string | undefined;
  /** A thread to continue (`thread/resume`, a follow-up prompt) instead of a new one. */
  threadId?: string;
}

export function codexAppServerDriver(turn: CodexTurn): ChildDriver {
  return { start: (stdin) => new CodexTurnDriver(turn, stdin).onChunk };
}

class CodexTurnDriver {
  readonly #turn: CodexTurn;
  readonly #stdin: DriverStdin;
  #partial = '';
  #done = false;

  constructor(turn: CodexTurn, stdin: DriverStdin) {
    this.#turn = turn;
    this.#stdin = stdin;
    this.#send({
      method: 'initialize',
      id: INITIALIZE,
      params: { clientInfo: { name: 'tokenfold', title: 'tokenfold', version: VERSION } },
    });
  }

  /** Splits stdout into lines, carrying a partial line across chunks. */
  onChunk: ChunkListener = (chunk) => {
    const text = this.#partial + chunk.toString('utf8');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.#line(text.slice(start, nl));
      start = nl + 1;
    }
    this.#partial = text.slice(start);
  };

  #line(line: string): void {
    if (this.#done || line.charCodeAt(0) !== 123 /* { */) return;
    let m: Obj;
    try {
      m = JSON.parse(line) as Obj;
    } catch {
      return;
    }
    if (typeof m.method === 'string') {
      if ('id' in m) this.#refuse(m.id, m.method);
      else if (m.method === 'turn/completed') this.#completed(m.params as Obj | undefined);
      return;
    }
    if (m.error !== undefined)
      return this.#end(new Error(`codex app-server: ${stepName(m.id)} failed: ${errorText(m.error)}`));
    if (m.id === INITIALIZE) {
      this.#send({ method: 'initialized' });
      // approvalPolicy never: no one is there to approve a command; the sandbox comes from the user's config.
      const params = {
        ...(this.#turn.threadId ? { threadId: this.#turn.threadId } : {}),
        ...(this.#turn.cwd ? { cwd: this.#turn.cwd } : {}),
        approvalPolicy: 'never',
      };
      this.#send({
        method: this.#turn.threadId ? 'thread/resume' : 'thread/start',
        id: THREAD_START,
        params,
      });
    } else if (m.id === THREAD_START) {
      const thread = (m.result as Obj | undefined)?.thread as Obj | undefined;
      if (typeof thread?.id !== 'string')
        return this.#end(new Error(`codex app-server: ${stepName(THREAD_START)} returned no thread id`));
      this.#send({
        method: 'turn/start',
        id: TURN_START,
        params: { threadId: thread.id, input: [{ type: 'text', text: this.#turn.prompt }] },
      });
    }
  }

  #completed(params: Obj | undefined): void {
    const turn = params?.turn as Obj | undefined;
    const error = turn?.error as Obj | null | undefined;
    this.#end(turn?.status === 'failed' ? new Error(`codex: turn failed: ${errorText(error)}`) : undefined);
  }

  /** A request from the server (an approval, a question): answered with an error so the turn goes on. */
  #refuse(id: unknown, method: string): void {
    this.#send({
      id,
      error: { code: -32601, message: `tokenfold runs codex unattended and does not answer ${method}` },
    });
  }

  #send(message: Obj): void {
    this.#stdin.write(JSON.stringify(message) + '\n');
  }

  #end(failure?: Error): void {
    this.#done = true;
    this.#stdin.end(failure);
  }
}

function stepName(id: unknown): string {
  return id === INITIALIZE
    ? 'initialize'
    : id === THREAD_START
      ? 'thread/start (or resume)'
      : id === TURN_START
        ? 'turn/start'
        : `request ${String(id)}`;
}

function errorText(e: unknown): string {
  if (e !== null && typeof e === 'object' && typeof (e as Obj).message === 'string')
    return (e as Obj).message as string;
  return e === undefined || e === null ? 'no reason given' : JSON.stringify(e);
}
