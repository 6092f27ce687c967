// --verify: an imported execution, replayed from DEST, against its lines read again from SRC.
// Every line must come back byte-identical (text and terminator), a folded Claude delta JSON-equal apart
// from its uuid (replay makes a synthetic one). Missing lines are allowed only where the import dropped an
// exact duplicate delta; which ones those are is worked out with the same dedupe window the folder uses.
import { DedupeWindow } from '../fold/dedupe-window.js';
import { formatFor } from '../formats/registry.js';
import { Eol } from '../ingest/line.js';
import type { ReadStats, SlowLayoutReader } from '../legacy/slow-reader.js';
import type { ReplayEntry } from '../replay/entry.js';
import { readEntries } from '../replay/read-history.js';
import type { LogStore } from '../store/contract.js';
import type { Execution } from '../store/types.js';
import { EOL_TEXT, asLine, isEmptyLine } from './source-lines.js';
import type { VerifyDifference } from './types.js';

export interface ExecutionCheck {
  linesCompared: number;
  duplicatesMissing: number;
  /** The first difference; the rest of the execution is not compared after it. */
  difference: VerifyDifference | null;
}

const EOL_OF = { lf: Eol.Lf, crlf: Eol.Crlf, none: Eol.None } as const;
const EXCERPT = 160;

export async function verifyExecution(reader: SlowLayoutReader, store: LogStore, execution: Execution, stats?: ReadStats): Promise<ExecutionCheck> {
  const format = formatFor(execution.executor);
  const got = await readEntries(store, execution, format);
  const dedupe = new DedupeWindow();
  const check: ExecutionCheck = { linesCompared: 0, duplicatesMissing: 0, difference: null };
  let j = 0;
  let lineNo = 0;
  for (const entry of reader.readEntries(execution.id, { stats })) {
    lineNo++;
    const want = asLine(entry);
    if (isEmptyLine(want)) continue;
    let delta = false;
    if (format !== null && want.stream === 'stdout' && want.eol === 'lf' && !want.malformed) {
      const c = format.classify(want.text);
      if (c.kind === 'delta') {
        if (dedupe.seen(c.delta.dedupeKey, c.delta.payload)) {
          check.duplicatesMissing++;
          continue;
        }
        delta = true;
      }
    }
    const g = got[j];
    if (g === undefined || g.stream !== want.stream || g.eol !== EOL_OF[want.eol] || !(g.text === want.text || (delta && g.text !== null && jsonEqualApartFromUuid(want.text, g.text)))) {
      check.difference = { executionId: execution.id, line: lineNo, want: excerpt(want.stream, want.text + EOL_TEXT[want.eol]), got: g === undefined ? null : gotExcerpt(g) };
      return check;
    }
    j++;
    check.linesCompared++;
  }
  if (j < got.length) check.difference = { executionId: execution.id, line: lineNo + 1, want: null, got: gotExcerpt(got[j]!) };
  return check;
}

export function jsonEqualApartFromUuid(a: string, b: string): boolean {
  try {
    const x = JSON.parse(a) as Record<string, unknown>;
    const y = JSON.parse(b) as Record<string, unknown>;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    delete x.uuid;
    delete y.uuid;
    return deepEqual(x, y);
  } catch {
    return false;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function gotExcerpt(g: ReplayEntry): string {
  return excerpt(g.stream, (g.text ?? `<${g.bytes!.length} bytes, not UTF-8>`) + ['\n', '\r\n', ''][g.eol]);
}

function excerpt(stream: string, s: string): string {
  const j = JSON.stringify(s.length > EXCERPT ? s.slice(0, EXCERPT) : s);
  return `${stream} ${j}${s.length > EXCERPT ? ` … (${s.length} chars)` : ''}`;
}
