// The `tokenfold` command line: one subcommand per file under commands/.
import { Command, CommanderError } from 'commander';
import { TokenfoldError } from '../errors.js';
import { registerDelete } from './commands/delete.js';
import { registerImport } from './commands/import.js';
import { registerIngest } from './commands/ingest.js';
import { registerInspect } from './commands/inspect.js';
import { registerLogs } from './commands/logs.js';
import { registerPrune } from './commands/prune.js';
import { registerServe } from './commands/serve.js';
import { registerDemoAgent } from './commands/demo-agent.js';
import { VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('tokenfold')
    .description('run coding agents and dev servers, watch them live, keep their history small and lossless')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerIngest(program);
  registerImport(program);
  registerLogs(program);
  registerDelete(program);
  registerPrune(program);
  registerInspect(program);
  registerServe(program);
  registerDemoAgent(program);
  return program;
}

/** Runs the CLI; user mistakes become one line on stderr and exit code 1 (2 for usage), never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = err instanceof TokenfoldError ? err.message : ((err as Error)?.message ?? String(err));
    process.stderr.write(`tokenfold: ${message}\n`);
    if (!(err instanceof TokenfoldError) && process.env.TOKENFOLD_DEBUG)
      process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
  }
}
