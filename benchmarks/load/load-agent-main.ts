// The Node stand-in agent as a process (the `claude` wrapper beside this file, without $LOAD_FIFO_DIR).
import { main } from './load-agent.js';

main().catch((err: Error) => {
  process.stderr.write(`load-agent: ${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
