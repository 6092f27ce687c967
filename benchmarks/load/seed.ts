// Finished runs stored before the load starts, the same in both layouts, so history readers also read
// long past executions (as someone browsing history does), not only the short ones the load creates.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateClaudeRun } from '../../src/demo/claude-run.js';
import { SlowLayoutWriter } from '../../src/slow-layout/slow-writer.js';
import { stamp } from './load-agent.js';

const run = promisify(execFile);

/** `count` generated runs of about `deltas` deltas, each line stamped with `_t` as the load agent does. */
export function seedRuns(count: number, deltas: number): string[][] {
  return Array.from({ length: count }, (_, i) => {
    let t = Date.now() - 86_400_000;
    const lines: string[] = [];
    for (const l of generateClaudeRun({ seed: 10_000 + i, targetDeltas: deltas }))
      lines.push(stamp(l.line, (t += l.delayMs)));
    return lines;
  });
}

/** Writes the runs in the slow layout (one row per line; in one transaction, unsynced: only seeding). Returns their ids. */
export function seedSlow(path: string, runs: string[][]): string[] {
  const w = new SlowLayoutWriter(path);
  const ids: string[] = [];
  try {
    w.db.pragma('synchronous = OFF');
    w.db.exec('BEGIN');
    for (const lines of runs) {
      const id = randomUUID();
      const at = new Date(Date.now() - 86_400_000).toISOString();
      w.addExecution({ id, kind: 'coding-agent', startedAt: at, endedAt: at, exitCode: 0 });
      for (const line of lines) w.appendLine(id, 'stdout', line);
      ids.push(id);
    }
    w.db.exec('COMMIT');
  } finally {
    w.close();
  }
  return ids;
}

/** Copies a seeded slow-layout database into tokenfold with `tokenfold import` (the same executions, same ids). */
export async function seedTokenfold(root: string, slowPath: string, dbPath: string): Promise<void> {
  await run(process.execPath, [join(root, 'bin', 'tokenfold.js'), 'import', slowPath, '--db', dbPath], {
    maxBuffer: 16 * 1024 * 1024,
  });
}
