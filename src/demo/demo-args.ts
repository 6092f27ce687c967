// Command-line arguments of the demo agent: claude-compatible ones (accepted, mostly ignored) plus its own.
import { DEMO_FORMATS, type DemoFormat } from './formats/index.js';

export interface DemoArgs {
  /** The agent whose output to print (default claude-code). */
  format?: DemoFormat;
  prompt?: string;
  seed?: number;
  speed?: number;
  deltas?: number;
  /** `--resume SESSION_ID`: the run continues that session (its lines carry this session id), as claude's do. */
  resume?: string;
}

/** Flags `claude` takes that the demo accepts and ignores. */
const IGNORED_FLAGS = new Set([
  '--verbose',
  '--include-partial-messages',
  '--dangerously-skip-permissions',
  '--replay-user-messages',
  '--continue',
  '-c',
]);
/** Options with a value that the demo accepts and ignores. */
const IGNORED_VALUES = new Set([
  '--output-format',
  '--input-format',
  '--model',
  '--permission-mode',
  '--max-turns',
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--append-system-prompt',
  '--session-id',
  '--add-dir',
]);

/** Parses argv; throws an Error naming the bad argument. Environment overrides (TOKENFOLD_DEMO_*) win over flags. */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoArgs {
  const out: DemoArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `--` ends the options, as in claude: what follows is the prompt even when it starts with `-`.
    if (arg === '--') {
      if (i + 1 < argv.length) out.prompt = argv.slice(i + 1).join(' ');
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (IGNORED_FLAGS.has(name)) continue;
    if (IGNORED_VALUES.has(name)) value();
    else if (name === '-p' || name === '--print') {
      // `-p` is a flag in claude and the prompt is positional; `-p PROMPT` reads the same way.
      if (eq > 0) out.prompt = arg.slice(eq + 1);
      else if (argv[i + 1] !== undefined && !isOption(argv[i + 1]!)) out.prompt = argv[++i]!;
    } else if (name === '--format') out.format = demoFormat(value());
    else if (name === '--seed') out.seed = integer('--seed', value());
    else if (name === '--speed') out.speed = speed('--speed', value());
    else if (name === '--deltas') out.deltas = positiveInt('--deltas', value());
    else if (name === '--resume' || name === '-r') out.resume = value();
    else if (isOption(arg))
      continue; // other claude options: accepted and ignored
    else out.prompt = arg;
  }
  if (env.TOKENFOLD_DEMO_SEED) out.seed = integer('TOKENFOLD_DEMO_SEED', env.TOKENFOLD_DEMO_SEED);
  if (env.TOKENFOLD_DEMO_SPEED) out.speed = speed('TOKENFOLD_DEMO_SPEED', env.TOKENFOLD_DEMO_SPEED);
  if (env.TOKENFOLD_DEMO_DELTAS) out.deltas = positiveInt('TOKENFOLD_DEMO_DELTAS', env.TOKENFOLD_DEMO_DELTAS);
  return out;
}

function demoFormat(s: string): DemoFormat {
  if (!(DEMO_FORMATS as readonly string[]).includes(s))
    throw new Error(`--format must be one of ${DEMO_FORMATS.join(', ')}, got "${s}"`);
  return s as DemoFormat;
}

function isOption(s: string): boolean {
  return s.startsWith('-') && s.length > 1 && !/^-\d/.test(s);
}

function integer(name: string, s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got "${s}"`);
  return n;
}

function positiveInt(name: string, s: string): number {
  const n = integer(name, s);
  if (n < 1) throw new Error(`${name} must be at least 1, got "${s}"`);
  return n;
}

/** A pace multiplier: 1 = realistic, 10 = ten times faster, 0 or Infinity = no delays. */
function speed(name: string, s: string): number {
  const n = s === 'Infinity' || s === 'inf' ? Infinity : Number(s);
  if (s.trim() === '' || Number.isNaN(n) || n < 0)
    throw new Error(`${name} must be a number >= 0 (0 = no delays), got "${s}"`);
  return n;
}
