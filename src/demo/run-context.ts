// State shared while one run is generated: random source, session, clock, delta count, token accounting.
import type { Rng } from './prng.js';
import type { DeltaStyle } from './split-deltas.js';
import type { Topic } from './topic.js';

export interface TimedLine {
  /** One stdout line, without the trailing newline. */
  line: string;
  /** How long Claude Code would take before printing this line, after the previous one. */
  delayMs: number;
}

export interface ModelTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  webSearchRequests: number;
  costUSD: number;
  contextWindow: number;
  maxOutputTokens: number;
}

/** USD per token: input, output, cache write, cache read. */
const PRICES: Record<string, [number, number, number, number]> = {
  'claude-opus-4-6': [5e-6, 25e-6, 6.25e-6, 0.5e-6],
  'claude-sonnet-4-6': [3e-6, 15e-6, 3.75e-6, 0.3e-6],
  'claude-haiku-4-5-20251001': [1e-6, 5e-6, 1.25e-6, 0.1e-6],
};

/** One API conversation (the main thread, or a sub-agent): its model and cached context size. */
export class Conversation {
  /** Tokens already in the prompt cache. */
  context: number;
  /** Tokens added since the last request (tool results, the previous answer). */
  pending: number;
  lastUsage: { input: number; cacheCreate: number; cacheRead: number; output: number } | null = null;

  constructor(
    readonly model: string,
    readonly parent: string | null,
    context: number,
    pending: number,
  ) {
    this.context = context;
    this.pending = pending;
  }
}

export class RunContext {
  elapsed = 0;
  deltas = 0;
  apiMs = 0;
  mainTurns = 0;
  readonly models = new Map<string, ModelTotals>();

  constructor(
    readonly rng: Rng,
    readonly topic: Topic,
    readonly sessionId: string,
    readonly startTime: number,
    readonly style: DeltaStyle,
  ) {}

  /** Serialises `obj` (as Claude Code does, with JSON.stringify) and advances the clock by `delayMs`. */
  line(obj: object, delayMs: number): TimedLine {
    const d = Math.max(0, Math.round(delayMs));
    this.elapsed += d;
    return { line: JSON.stringify(obj), delayMs: d };
  }

  uuid(): string {
    return this.rng.uuid();
  }

  /** ISO time of the line being built (start time + delays so far). */
  timestamp(): string {
    return new Date(this.startTime + this.elapsed).toISOString();
  }

  addUsage(
    model: string,
    u: { input: number; cacheCreate: number; cacheRead: number; output: number },
  ): void {
    let m = this.models.get(model);
    if (!m) {
      const haiku = model.includes('haiku');
      m = {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        webSearchRequests: 0,
        costUSD: 0,
        contextWindow: 200000,
        maxOutputTokens: haiku ? 32000 : 64000,
      };
      this.models.set(model, m);
    }
    const p = PRICES[model] ?? PRICES['claude-sonnet-4-6']!;
    m.inputTokens += u.input;
    m.outputTokens += u.output;
    m.cacheReadInputTokens += u.cacheRead;
    m.cacheCreationInputTokens += u.cacheCreate;
    m.costUSD += u.input * p[0] + u.output * p[1] + u.cacheCreate * p[2] + u.cacheRead * p[3];
  }
}
