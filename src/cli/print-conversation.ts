// `logs --format conversation`: a readable transcript for a terminal (colours in a TTY).
import { renderEntryForTerminal } from '../conversation/render-terminal.js';
import type { ReplayEntry } from '../replay/entry.js';
import { toConversation } from '../replay/conversation.js';
import { writeAll } from './write-all.js';

/** `executor`: the execution's, to read its agent's events (recognised from the lines without it). */
export async function printConversation(
  entries: readonly ReplayEntry[],
  executor?: string,
  out: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  const color = out.isTTY === true && !process.env.NO_COLOR;
  const { items } = toConversation(entries, executor);
  await writeAll(
    out,
    items.map((e) => renderEntryForTerminal(e, { color, width: out.columns ?? 100 }) + '\n'),
  );
}
