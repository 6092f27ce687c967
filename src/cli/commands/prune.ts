// `tokenfold prune`: removes finished executions by age, count or size (`--dry-run`: only print what would go).
import type { Command } from 'commander';
import {
  checkPolicy,
  formatPruneReport,
  policyFromFlags,
  prune,
  type RetentionFlags,
} from '../../retention/index.js';
import { openStore } from '../../store/open-store.js';
import { resolveDbPath } from '../options.js';
import { writeAll } from '../write-all.js';

export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description(
      'remove finished executions by age, count or size and give the space back (never a running one)',
    )
    .option('--db <path>', 'database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)')
    .option('--older-than <duration>', 'remove executions that ended longer ago than this (30d, 12h, 90m)')
    .option('--keep-last <n>', 'always keep the newest N (alone: remove all the others)')
    .option('--max-bytes <size>', 'remove the oldest until the stored bytes are at most this (2GB, 500MB)')
    .option('--kind <kind>', 'only executions of this kind (coding-agent, dev-server, script)')
    .option('--dry-run', 'print what would be removed, change nothing')
    .action(async (o: RetentionFlags & { db?: string; dryRun?: boolean }) => {
      const policy = checkPolicy(policyFromFlags(o));
      const { store } = await openStore(resolveDbPath(o.db));
      try {
        const report = await prune(store, policy, { dryRun: o.dryRun === true });
        await writeAll(
          process.stdout,
          formatPruneReport(report).map((l) => l + '\n'),
        );
      } finally {
        await store.close();
      }
    });
}
