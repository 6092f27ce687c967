// Stores one execution from re-joined lines, like `ingestStream` (createExecution first, all rows in the
// final compaction transaction), plus two things a chunk source cannot say: a line without a terminator
// in the middle of a stream (the splitter is ended after it, so it is not glued to the next line), and
// arrival times taken from the rows' inserted_at instead of the import's clock.
import { BULK_FLUSH_POLICY } from '../fold/flush-policy.js';
import { formatFor } from '../formats/registry.js';
import { ExecutionLog } from '../pipeline/execution-log.js';
import type { IngestResult } from '../pipeline/ingest.js';
import { MemoryRecords } from '../pipeline/memory-records.js';
import { storeConversationPages } from '../replay/conversation-pages/index.js';
import { compactExecution } from '../store/compact.js';
import type { LogStore } from '../store/contract.js';
import type { ImportPlan } from './map-execution.js';
import { normalizeTime, parseTime } from './map-execution.js';
import { EOL_TEXT, asLine, isEmptyLine, type SourceEntry } from './source-lines.js';

const TICK_EVERY = 4096;

export async function ingestLines(
  store: LogStore,
  entries: Iterable<SourceEntry>,
  plan: ImportPlan,
  onTick?: () => void,
): Promise<IngestResult> {
  const execution = await store.createExecution({
    id: plan.id,
    executor: plan.executor,
    kind: plan.kind,
    label: plan.label,
    createdAt: plan.createdAt,
    startedAt: plan.startedAt,
    status: 'running',
  });
  const clock = new RowClock(plan.startedAt);
  const records = new MemoryRecords();
  const log = new ExecutionLog({
    execution,
    format: formatFor(execution.executor),
    policy: BULK_FLUSH_POLICY,
    writer: records,
    now: () => clock.rel,
  });
  // Consecutive lines of one stream and one row time go to the splitter as one chunk (one Buffer, not one per line).
  let pending = '';
  let stream: 'stdout' | 'stderr' = 'stdout';
  let at: string | null | undefined;
  const flush = () => {
    if (pending.length > 0) log.write(stream, Buffer.from(pending, 'utf8'));
    pending = '';
  };
  let n = 0;
  for (const entry of entries) {
    const line = asLine(entry);
    if (isEmptyLine(line)) continue;
    if (line.stream !== stream || line.at !== at) {
      flush();
      stream = line.stream;
      if (line.at !== at) clock.advance((at = line.at));
    }
    pending += line.text + EOL_TEXT[line.eol];
    if (line.eol === 'none') (flush(), log.endStream(stream));
    if (++n % TICK_EVERY === 0) onTick?.();
  }
  flush();
  const stats = log.finish();
  const endedAt =
    plan.endedAt ??
    (clock.last !== null ? normalizeTime(clock.last) : (plan.startedAt ?? new Date().toISOString()));
  const compaction = await compactExecution(store, execution, records.rows(), {
    ...stats,
    status: plan.status,
    exitCode: plan.exitCode,
    endedAt,
  });
  const stored = (await store.getExecution(execution.id))!;
  // An agent run's conversation pages (its first open in the server reads a page instead of building it).
  await storeConversationPages(store, stored, { turn: () => onTick?.() });
  return { execution: stored, compaction };
}

/** Arrival offsets (ms since the start, never decreasing) from the rows' inserted_at text. */
class RowClock {
  rel = 0;
  last: string | null = null;
  #base: number;

  constructor(startedAt: string | undefined) {
    this.#base = startedAt === undefined ? Number.NaN : parseTime(startedAt);
  }

  advance(at: string | null): void {
    if (at === null) return;
    this.last = at;
    const ms = parseTime(at);
    if (Number.isNaN(ms)) return;
    if (Number.isNaN(this.#base)) this.#base = ms;
    if (ms - this.#base > this.rel) this.rel = ms - this.#base;
  }
}
