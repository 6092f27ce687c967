// `logs --format conversation --follow`: prints entries as they settle while the execution runs,
// polling the database (a running server flushes at least every second), until it finishes.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConversationBuilder } from '../conversation/builder.js';
import { flattenEntries } from '../conversation/flatten.js';
import { renderEntryForTerminal } from '../conversation/render-terminal.js';
import type { ConversationEntry } from '../conversation/types.js';
import { readEntries } from '../replay/read-history.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';

const POLL_MS = 500;

/** An entry is printed once nothing more will be added to it. */
function settled(e: ConversationEntry): boolean {
  if (e.kind === 'assistant-text' || e.kind === 'thinking') return !e.streaming;
  if (e.kind === 'tool-call') return e.status !== 'running';
  return true;
}

export async function followConversation(
  store: LogStore,
  execution: Execution,
  out: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  const color = out.isTTY === true && !process.env.NO_COLOR;
  const builder = new ConversationBuilder(execution.executor);
  const printed = new Set<string>();
  let last = -1;
  for (;;) {
    const current = (await store.getExecution(execution.id)) ?? execution;
    const done = current.status !== 'running';
    for (const e of await readEntries(store, current, { afterSeq: last })) {
      builder.apply(e.seq, e.text ?? e.bytes!.toString('utf8'), e.stream);
      last = e.seq;
    }
    if (done) builder.finish();
    // Print in order, stopping at the first entry still growing (its followers wait for it).
    for (const { entry } of flattenEntries(builder.entries())) {
      if (printed.has(entry.id)) continue;
      if (!done && !settled(entry)) break;
      printed.add(entry.id);
      out.write(renderEntryForTerminal(entry, { color, width: out.columns ?? 100 }) + '\n');
    }
    if (done) {
      out.write(`— ${current.status}${current.exitCode !== null ? ` (exit ${current.exitCode})` : ''}\n`);
      return;
    }
    await sleep(POLL_MS);
  }
}
