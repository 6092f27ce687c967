// Public API of the demo: the realistic Claude Code run generator, the demo agent, the benchmark workload.
export { generateClaudeRun, type ClaudeRunOptions, type DeltaStyle, type TimedLine } from './claude-run.js';
export { runDemoAgent, demoAgentMain, type DemoAgentOptions } from './demo-agent.js';
export { parseDemoArgs, type DemoArgs } from './demo-args.js';
export {
  generateWorkload,
  generateLargeRun,
  WORKLOAD_SHAPE,
  type Workload,
  type WorkloadExecution,
} from './workload.js';
export { devServerOutput, type DevServerOutput } from './dev-server.js';
export { insertDuplicates, isDeltaLine } from './duplicates.js';
export { Rng } from './prng.js';
