// --verify: an imported execution, replayed from DEST (the `raw` view), against its lines read again from
// SRC: every line must come back byte-identical, text and terminator, exact repeats of deltas included.
import type { ReadStats, SlowLayoutReader } from '../slow-layout/slow-reader.js';
import { Eol } from '../ingest/line.js';
import type { ReplayEntry } from '../replay/entry.js';
import { readEntries } from '../replay/read-history.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import { EOL_TEXT, asLine, isEmptyLine } from './source-lines.js';
import type { VerifyDifference } from './types.js';

export interface ExecutionCheck {
  linesCompared: number;
  /** The first difference; the rest of the execution is not compared after it. */
  difference: VerifyDifference | null;
}

const EOL_OF = { lf: Eol.Lf, crlf: Eol.Crlf, none: Eol.None } as const;
const EXCERPT = 160;

export async function verifyExecution(
  reader: SlowLayoutReader,
  store: LogStore,
  execution: Execution,
  stats?: ReadStats,
): Promise<ExecutionCheck> {
  const got = await readEntries(store, execution, { repeats: true });
  const check: ExecutionCheck = { linesCompared: 0, difference: null };
  let j = 0;
  let lineNo = 0;
  for (const entry of reader.readEntries(execution.id, { stats })) {
    lineNo++;
    const want = asLine(entry);
    if (isEmptyLine(want)) continue;
    const [g, taken] = joinPieces(got, j, want.text.length);
    if (g === undefined || g.stream !== want.stream || g.eol !== EOL_OF[want.eol] || g.text !== want.text) {
      check.difference = {
        executionId: execution.id,
        line: lineNo,
        want: excerpt(want.stream, want.text + EOL_TEXT[want.eol]),
        got: g === undefined ? null : gotExcerpt(g),
      };
      return check;
    }
    j += taken;
    check.linesCompared++;
  }
  if (j < got.length)
    check.difference = { executionId: execution.id, line: lineNo + 1, want: null, got: gotExcerpt(got[j]!) };
  return check;
}

/**
 * The entry at `j`, or a line longer than a piece (pipeline/execution-log.ts keeps one as pieces without a
 * terminator) joined from its pieces, up to `length` chars; and how many entries it took.
 */
function joinPieces(
  got: readonly ReplayEntry[],
  j: number,
  length: number,
): [ReplayEntry | undefined, number] {
  const first = got[j];
  if (first === undefined || first.eol !== Eol.None || first.text === null || first.text.length >= length)
    return [first, 1];
  let text = first.text;
  let k = j + 1;
  for (
    let p = got[k];
    p !== undefined && got[k - 1]!.eol === Eol.None && text.length < length;
    p = got[++k]
  ) {
    if (p.stream !== first.stream || p.text === null) break;
    text += p.text;
  }
  return [{ ...got[k - 1]!, text }, k - j];
}

function gotExcerpt(g: ReplayEntry): string {
  return excerpt(g.stream, (g.text ?? `<${g.bytes!.length} bytes, not UTF-8>`) + ['\n', '\r\n', ''][g.eol]);
}

function excerpt(stream: string, s: string): string {
  const j = JSON.stringify(s.length > EXCERPT ? s.slice(0, EXCERPT) : s);
  return `${stream} ${j}${s.length > EXCERPT ? ` … (${s.length} chars)` : ''}`;
}
