// `tokenfold inspect`: diagnose a database (tokenfold's own layout, or the slow one-row-per-line layout).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { TokenfoldError } from '../../errors.js';
import { formatTokenfoldDiagnosis, inspectTokenfold } from '../../inspect/inspect-tokenfold.js';
import { isPostgresUrl } from '../../store/postgres/connect.js';
import type { SqliteDatabase } from '../../store/sqlite/driver.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(
      'diagnose a database: integrity (quick_check), size, pragmas, rows and bytes per execution; opened read-only; exit 1 when damaged',
    )
    .argument('<path>', 'database file, or postgres:// URL (tables, rows and bytes per execution)')
    .option('--json', 'print one JSON object')
    .action(async (path: string, o: { json?: boolean }) => {
      if (isPostgresUrl(path)) {
        const { formatPostgresDiagnosis, inspectPostgres } =
          await import('../../inspect/inspect-postgres.js');
        const d = await inspectPostgres(path);
        process.stdout.write(o.json ? JSON.stringify(d) + '\n' : formatPostgresDiagnosis(d));
        return;
      }
      const file = resolve(path);
      if (!existsSync(file)) throw new TokenfoldError(`no such database: ${path}`, { code: 'invalid' });
      let db: SqliteDatabase;
      try {
        db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as SqliteDatabase;
        db.pragma('schema_version');
      } catch (err) {
        throw new TokenfoldError(`${path} is not a readable SQLite database: ${(err as Error).message}`, {
          code: 'invalid',
        });
      }
      try {
        const tables = new Set(
          (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
            (t) => t.name,
          ),
        );
        if (tables.has('log_records') && tables.has('executions')) {
          const d = inspectTokenfold(db, file);
          process.stdout.write(o.json ? JSON.stringify(d) + '\n' : formatTokenfoldDiagnosis(d));
          const n = d.quick_check.length;
          if (d.quick_check.join() !== 'ok')
            throw new TokenfoldError(
              `${path} is damaged: PRAGMA quick_check reports ${n >= 20 ? '20 or more' : n} problem(s), first: ${d.quick_check[0]}`,
              { code: 'corrupt' },
            );
        } else if (tables.has('execution_process_logs')) {
          const slow = await import('../slow-layout-inspect.js');
          process.stdout.write(slow.inspectSlowLayoutOutput(file, o.json === true));
        } else {
          throw new TokenfoldError(
            `${path}: unknown layout (neither tokenfold's tables nor execution_process_logs)`,
            { code: 'invalid' },
          );
        }
      } finally {
        db.close();
      }
    });
}
