// `tokenfold serve`: the HTTP API, live streams and web UI, with graceful shutdown.
import { Option, type Command } from 'commander';
import { LOG_FORMATS, LOG_LEVELS } from '../../http/logger.js';
import { agentBinOption, type AgentBins } from '../agent-bin-option.js';
import { positiveNumber } from '../options.js';
import type { ServeOptions } from '../run-server.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API and web UI; run agents and dev servers')
    .option('--db <path>', 'database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', positiveNumber('--port'), 3013)
    .option(
      '--token <token>',
      'require this token on every request (not empty; generated when binding to a non-loopback address)',
    )
    .option('--claude-bin <path>', 'the claude executable (default $TOKENFOLD_CLAUDE_BIN or claude)')
    .option(
      '--claude-arg <arg>',
      'extra argument for claude (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--agent-bin <agent=path>',
      'the executable of codex, gemini, cursor or qwen-code (repeatable; default $TOKENFOLD_<AGENT>_BIN, then codex, gemini, cursor-agent, qwen)',
      agentBinOption,
      {} as AgentBins,
    )
    .option('--demo-speed <x>', 'pace of the demo agent (1 = realistic)', positiveNumber('--demo-speed'))
    .option(
      '--retain-older-than <duration>',
      'retention: remove finished executions that ended longer ago (30d, 12h)',
    )
    .option('--retain-keep-last <n>', 'retention: always keep the newest N (alone: remove all the others)')
    .option(
      '--retain-max-bytes <size>',
      'retention: remove the oldest until the stored bytes are at most this (2GB)',
    )
    .option('--retain-kind <kind>', 'retention: only executions of this kind')
    .option('--retain-every <duration>', 'retention: how often the policy is applied (default 1h)')
    .addOption(
      new Option(
        '--log-level <level>',
        'least severe log lines printed: error, warn, info (default) or debug (adds a line per request)',
      ).choices(LOG_LEVELS),
    )
    .addOption(
      new Option('--log-format <format>', 'log lines as readable text (stderr) or pino JSON (stdout)')
        .choices(LOG_FORMATS)
        .default('text'),
    )
    .option('--quiet', 'warnings and errors only (--log-level warn)')
    .option(
      '--cluster-secret <secret>',
      'PostgreSQL, several instances: the secret they authenticate each other with, the same on every instance, 16+ characters (default $TOKENFOLD_CLUSTER_SECRET; required off loopback; prefer the variable, options show in ps)',
    )
    .option(
      '--cluster-address <url>',
      'PostgreSQL, several instances: where the others reach this one (default $TOKENFOLD_CLUSTER_ADDRESS, else http://HOST:PORT as bound)',
    )
    .option(
      '--lease-ms <n>',
      "PostgreSQL: how long this instance's lease lasts without renewal; its runs are taken over this long after it dies (default 15000)",
      positiveNumber('--lease-ms'),
    )
    .action(async (o: ServeOptions) => {
      // Loaded on demand: the other commands start faster without the HTTP stack.
      const { runServer } = await import('../run-server.js');
      await runServer(o);
    });
}
