// `tokenfold ingest`: store a recorded stream as a finished execution; prints its id.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { TokenfoldError } from '../../errors.js';
import { ingestStream } from '../../pipeline/ingest.js';
import { openStore } from '../../store/open-store.js';
import { EXECUTION_KINDS, type ExecutionKind } from '../../store/types.js';
import { oneOf, resolveDbPath } from '../options.js';
import { detectStream } from '../../formats/detect-stream.js';

const INGEST_EXECUTORS = ['auto', 'claude-code', 'codex', 'gemini', 'cursor', 'qwen-code', 'plain'] as const;

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('store a recorded agent or process output as a finished execution and print its id')
    .argument('[file]', 'file to read, or - for standard input', '-')
    .option('--db <path>', 'database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)')
    .option(
      '--executor <name>',
      'auto (recognised from the first lines), an agent (claude-code, codex, gemini, cursor, qwen-code: fold its deltas) or plain (lines)',
      oneOf('--executor', INGEST_EXECUTORS),
      'auto',
    )
    .option('--kind <kind>', 'coding-agent, dev-server or script', oneOf('--kind', EXECUTION_KINDS))
    .option('--label <text>', 'a label shown in lists')
    .option('--stats', 'print ingest figures on stderr')
    .action(
      async (
        file: string,
        o: {
          db?: string;
          executor: (typeof INGEST_EXECUTORS)[number];
          kind?: ExecutionKind;
          label?: string;
          stats?: boolean;
        },
      ) => {
        const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1024 * 1024 });
        const opened = new Promise<void>((resolve, reject) => {
          if (file === '-') return resolve();
          input.once('open', () => resolve());
          input.once('error', (err: NodeJS.ErrnoException) =>
            reject(
              new TokenfoldError(
                `cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
                { code: 'invalid' },
              ),
            ),
          );
        });
        await opened;
        const { store } = await openStore(resolveDbPath(o.db));
        const t0 = performance.now();
        try {
          const { executor, stream } =
            o.executor === 'auto'
              ? await detectStream(input as AsyncIterable<Buffer>)
              : { executor: o.executor, stream: input as AsyncIterable<Buffer> };
          const kind = o.kind ?? (executor === 'plain' ? 'dev-server' : 'coding-agent');
          const { execution, compaction } = await ingestStream(store, stream, {
            executor,
            kind,
            label: o.label ?? null,
          });
          process.stdout.write(execution.id + '\n');
          if (o.stats) {
            const s = (performance.now() - t0) / 1000;
            process.stderr.write(
              `executor ${executor}, lines ${execution.lines}, deltas folded ${execution.deltasFolded} (${Math.round(execution.deltasFolded / s)}/s), exact repeats ${execution.duplicatesDropped} (kept for raw), ` +
                `rows ${compaction.rowsAfter}, bytes ${compaction.bytesAfter}, ${s.toFixed(2)} s\n`,
            );
          }
        } finally {
          await store.close();
        }
      },
    );
}
