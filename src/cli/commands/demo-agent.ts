// `tokenfold demo-agent`: prints a realistic Claude Code stream-json run at a realistic pace.
import type { Command } from 'commander';

export function registerDemoAgent(program: Command): void {
  program
    .command('demo-agent')
    .description('print a realistic Claude Code stream-json run (a stand-in for `claude` without Claude)')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[args...]', 'claude-compatible arguments (-p PROMPT, --output-format ...) plus --seed N, --speed X, --deltas N')
    .action(async (args: string[]) => {
      const { demoAgentMain } = await import('../../demo/demo-agent.js');
      process.exitCode = await demoAgentMain(args);
    });
}
