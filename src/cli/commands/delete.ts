// `tokenfold delete ID…`: removes finished executions and their rows, then gives the space back to the file.
import type { Command } from 'commander';
import { TokenfoldError, notFound } from '../../errors.js';
import { formatSize } from '../../retention/units.js';
import { reclaimAllSpace } from '../../store/reclaim.js';
import { openStore } from '../../store/open-store.js';
import { resolveDbPath } from '../options.js';

export function registerDelete(program: Command): void {
  program
    .command('delete')
    .description(
      'delete executions and their output (a running one: stop it first, or DELETE /api/executions/:id?force=1)',
    )
    .argument('<id...>', 'execution ids')
    .option('--db <path>', 'database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)')
    .action(async (ids: string[], o: { db?: string }) => {
      const { store } = await openStore(resolveDbPath(o.db));
      try {
        // All checked before any is deleted: a typo in the third id must not leave the first two half done.
        for (const id of ids) {
          const e = await store.getExecution(id);
          if (e === null) throw notFound(`execution ${id}`);
          if (e.status === 'running')
            throw new TokenfoldError(
              `execution ${id} is running: stop it first (tokenfold serve owns it), or DELETE /api/executions/${id}?force=1`,
              { code: 'conflict' },
            );
        }
        const before = await store.sizeBytes();
        for (const id of ids) {
          await store.deleteExecution(id);
          process.stdout.write(`deleted ${id}\n`);
        }
        await reclaimAllSpace(store);
        const after = await store.sizeBytes();
        process.stdout.write(
          `database file ${formatSize(before)} → ${formatSize(after)} (${formatSize(Math.max(0, before - after))} reclaimed)\n`,
        );
      } finally {
        await store.close();
      }
    });
}
