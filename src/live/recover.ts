// Start-up after a crash: executions a dead server left `running` become `interrupted`, the children it
// left running are stopped, and what they flushed is compacted, as is any finished execution whose
// compaction failed before.
import { Eol } from '../ingest/line.js';
import { openLineHistory } from '../replay/read-history.js';
import { stopOrphanGroup } from '../runner/process-group.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import type { CompactionRetries } from './compaction-retries.js';

export interface RecoverOptions {
  /** Stop the process groups the dead server left (default true). Not on a shared store: the dead instance may have run on another host. */
  stopOrphans?: boolean;
  /**
   * Also compact finished executions left uncompacted (default true: all of them). On a shared store, a
   * function listing only those whose owner is gone (a live owner may be compacting its own).
   */
  sweep?: boolean | (() => Promise<Execution[]>);
}

export async function recoverExecutions(
  store: LogStore,
  compactions: CompactionRetries,
  log: (line: string) => void,
  graceMs: number,
  o: RecoverOptions = {},
): Promise<Execution[]> {
  const left = await store.markRunningInterrupted(new Date().toISOString());
  if (o.stopOrphans !== false) await Promise.all(left.map((e) => stopOrphans(e, log, graceMs)));
  for (const e of left) {
    // The row's figures are written when a run ends; recount them from what was flushed.
    let figures;
    try {
      // Window by window: a fast dev server's run can hold tens of millions of lines.
      const history = await openLineHistory(store, e);
      // bytesIn as the folder counts it (text length or bytes, plus the terminator), for what was flushed.
      let bytesIn = 0;
      for await (const piece of history.windows(-1, Number.MAX_SAFE_INTEGER, true))
        for (const x of piece)
          bytesIn += (x.text ?? x.bytes!).length + (x.eol === Eol.Crlf ? 2 : x.eol === Eol.Lf ? 1 : 0);
      figures = { lines: history.seqs(true).length, deltasFolded: history.blockItems, bytesIn };
    } catch (err) {
      log(`interrupted execution ${e.id} cannot be read back to be compacted: ${(err as Error).message}`);
      continue;
    }
    await compactions.compact(e, figures);
  }
  if (o.sweep !== false) {
    const list = typeof o.sweep === 'function' ? o.sweep : () => uncompactedFinished(store);
    for (const e of await list()) await compactions.compact(e);
  }
  return left;
}

async function stopOrphans(e: Execution, log: (line: string) => void, graceMs: number): Promise<void> {
  if (e.pgid === null) return;
  const outcome = await stopOrphanGroup(e.pgid, e.pgidStart, graceMs);
  const what = `interrupted execution ${e.id} left its process group ${e.pgid} running`;
  if (outcome === 'terminated') log(`${what}: stopped it (SIGTERM)`);
  else if (outcome === 'killed') log(`${what}: stopped it (SIGKILL after ${graceMs} ms)`);
  else if (outcome === 'survived') log(`${what}: it survived SIGKILL`);
  else if (outcome === 'unverified')
    log(`${what}: not stopped, its start time was not recorded so it may be another program's`);
}

async function uncompactedFinished(store: LogStore): Promise<Execution[]> {
  const out: Execution[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listExecutions({
      compacted: false,
      limit: 1000,
      ...(before !== undefined ? { before } : {}),
    });
    for (const e of page) if (e.status !== 'running') out.push(e);
    if (page.length < 1000) return out;
    before = page[page.length - 1]!.num;
  }
}
