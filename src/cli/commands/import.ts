// `tokenfold import SRC`: migrate a database in the old slow layout into tokenfold (SRC is only read).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { TokenfoldError } from '../../errors.js';
import { databaseFileBytes as fileBytes } from '../../store/sqlite/file-bytes.js';
import {
  formatDifferences,
  formatImportReport,
  importSlowLayout,
  progressPrinter,
  skippedLine,
} from '../../import/index.js';
import { assertDistinct, openSource } from '../../import/open-source.js';
import { isPostgresUrl, openStore } from '../../store/open-store.js';
import { resolveDbPath } from '../options.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'migrate a database in the old slow layout (one row per output chunk) into tokenfold; re-runnable',
    )
    .argument('<src>', 'slow-layout database file (opened read-only, never modified)')
    .option(
      '--db <path>',
      'destination database file or postgres:// URL (default $TOKENFOLD_DB or ./data/tokenfold.db)',
    )
    .option(
      '--verify',
      'replay every imported execution and compare it with SRC line by line; exit 1 on any difference',
    )
    .addHelpText(
      'after',
      `
Every execution keeps its id (the UUID), kind, status ('running' becomes 'interrupted'), exit code and times.
Output lines are kept byte for byte, in their stdout/stderr order; Claude Code deltas are folded and exact
duplicate deltas dropped. Records that are not output (JsonPatch, SessionId, Finished, ...) are kept in place
as stderr lines {"tokenfold_legacy_event":"<tag>","value":<value>}; malformed records as their raw text.
Logs whose execution row is missing become executions labelled 'orphaned logs'.
Re-runnable: executions already imported are skipped; one cut off by Ctrl-C is redone.`,
    )
    .action(async (src: string, o: { db?: string; verify?: boolean }) => {
      const srcPath = resolve(src);
      const dest = resolveDbPath(o.db);
      if (!existsSync(srcPath))
        throw new TokenfoldError(`cannot read ${src}: no such file`, { code: 'invalid' });
      assertDistinct(srcPath, dest);
      openSource(srcPath).close(); // refuse a SRC that is not the slow layout before DEST is created
      const file = !isPostgresUrl(dest);
      const destBytesBefore = file ? fileBytes(dest) : 0;
      const { store } = await openStore(dest);
      const abort = new AbortController();
      const onSigint = () => {
        if (abort.signal.aborted) process.exit(130);
        abort.abort();
        printer.done();
        process.stderr.write(
          'tokenfold: stopping after the current execution (Ctrl-C again to stop now; re-run to resume)\n',
        );
      };
      const printer = progressPrinter(process.stderr);
      process.on('SIGINT', onSigint);
      let report;
      try {
        report = await importSlowLayout(srcPath, store, {
          verify: o.verify,
          onProgress: printer.update,
          signal: abort.signal,
        });
      } finally {
        printer.done();
        process.off('SIGINT', onSigint);
        await store.close();
      }
      // Measured outside the open store: before it (a new DEST is 0 bytes) and after close, once the WAL is checkpointed.
      // (A PostgreSQL destination reports its tables' size, measured by the store.)
      if (file) Object.assign(report.dest, { bytesBefore: destBytesBefore, bytesAfter: fileBytes(dest) });
      process.stdout.write(formatImportReport(report) + formatDifferences(report));
      if (report.skippedNonUuid.rows > 0 || report.skippedNonUuid.executions.length > 0)
        process.stderr.write(`tokenfold: warning: ids that are not UUIDs: ${skippedLine(report)}\n`);
      const diffs = report.verify?.differences.length ?? 0;
      if (diffs > 0)
        throw new TokenfoldError(
          `verify: ${diffs} execution${diffs === 1 ? '' : 's'} differ from the source`,
          { code: 'internal' },
        );
      if (report.interrupted) process.exitCode = 130;
    });
}
