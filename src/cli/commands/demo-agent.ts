// `tokenfold demo-agent`: prints a realistic agent run (Claude Code, Codex, Gemini CLI, Cursor or Qwen Code) at a realistic pace.
import type { Command } from 'commander';

export function registerDemoAgent(program: Command): void {
  program
    .command('demo-agent')
    .description(
      'print a realistic agent run: Claude Code stream-json by default, or --format codex|gemini|cursor|qwen-code (a stand-in for the agent CLI)',
    )
    .allowUnknownOption(true)
    .helpOption(false)
    .argument(
      '[args...]',
      'claude-compatible arguments (-p PROMPT, --output-format ...) plus --format F, --seed N, --speed X, --deltas N',
    )
    .action(async (args: string[]) => {
      const { demoAgentMain } = await import('../../demo/demo-agent.js');
      process.exitCode = await demoAgentMain(args);
    });
}
