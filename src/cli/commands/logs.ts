// `tokenfold logs`: print an execution's history as messages (JSON lines), regenerated deltas, or raw lines.
import type { Command } from 'commander';
import { TokenfoldError, notFound } from '../../errors.js';
import { entryBytes } from '../../replay/entry.js';
import { expandRecords } from '../../replay/expand.js';
import { toMessages } from '../../replay/messages.js';
import { openLineHistory, readRecords } from '../../replay/read-history.js';
import type { LineHistory } from '../../replay/line-history.js';
import { openStore } from '../../store/open-store.js';
import { oneOf, resolveDbPath } from '../options.js';
import { writeAll } from '../write-all.js';
import { printConversation } from '../print-conversation.js';

export const CLI_LOG_FORMATS = ['messages', 'deltas', 'raw', 'conversation'] as const;

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description(
      'print an execution: messages (JSON per line), deltas (the original lines regenerated), raw, or a readable conversation',
    )
    .argument('<id>', 'execution id')
    .option('--db <path>', 'database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)')
    .option('--format <format>', CLI_LOG_FORMATS.join('|'), oneOf('--format', CLI_LOG_FORMATS), 'messages')
    .option('--follow', 'with --format conversation: keep printing while the execution runs')
    .action(
      async (id: string, o: { db?: string; format: (typeof CLI_LOG_FORMATS)[number]; follow?: boolean }) => {
        const { store } = await openStore(resolveDbPath(o.db), { readonly: true });
        try {
          const execution = await store.getExecution(id);
          if (execution === null) throw notFound(`execution ${id}`);
          if (o.follow) {
            if (o.format !== 'conversation')
              throw new TokenfoldError('--follow needs --format conversation', {
                code: 'invalid',
                field: '--follow',
              });
            const { followConversation } = await import('../follow-conversation.js');
            return await followConversation(store, execution);
          }
          if (o.format === 'raw' || o.format === 'deltas') {
            // Window by window: a long run's lines are never all in memory.
            const history = await openLineHistory(store, execution);
            await writeAll(process.stdout, linesOf(history, o.format === 'raw'));
            return;
          }
          const records = await readRecords(store, execution);
          if (o.format === 'messages') {
            await writeAll(
              process.stdout,
              toMessages(records).map((m) => JSON.stringify(m) + '\n'),
            );
          } else await printConversation(expandRecords(records), execution.executor);
        } finally {
          await store.close();
        }
      },
    );
}

async function* linesOf(history: LineHistory, repeats: boolean): AsyncGenerator<Buffer> {
  for await (const piece of history.windows(-1, Number.MAX_SAFE_INTEGER, repeats))
    for (const e of piece) yield entryBytes(e);
}
