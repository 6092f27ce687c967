// What the real-CLI tests read back from tokenfold: an execution, its raw lines, its conversation, its stored size.
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { CLI } from '../support/server-process.js';
import { waitFor } from '../support/server-harness.js';
import type { JsonClient } from '../support/json-client.js';

/** The fields of GET /api/executions/:id the tests read. */
export interface ExecutionView {
  id: string;
  status: string;
  exitCode: number | null;
  lines: number;
  deltasFolded: number;
  duplicatesDropped: number;
  /** Delta lines tokenfold recognised but could not fold, by reason (absent before migration 3). */
  deltasUnfolded?: number;
  unfoldedReasons?: Record<string, number>;
  bytesIn: number;
  compacted: boolean;
  storage: { rows: number; bytes: number };
}

/** Waits until the execution has ended and been compacted (its stored size is then final). */
export function waitFinished(json: JsonClient, id: string, timeoutMs: number): Promise<ExecutionView> {
  return waitFor(
    async () => {
      const { body } = await json<ExecutionView>(`/api/executions/${id}`);
      return body.status !== 'running' && body.compacted ? body : null;
    },
    timeoutMs,
    `execution ${id} to finish and be compacted`,
  );
}

/** stdout as tokenfold serves it: `format=raw&as=lines`, the stdout items' texts, each with its newline. */
export async function rawStdout(url: string, id: string): Promise<{ text: string; stderrLines: string[] }> {
  const res = await fetch(`${url}/api/executions/${id}/logs?format=raw&as=lines&limit=100000`);
  if (res.status !== 200) throw new Error(`logs?format=raw: HTTP ${res.status}: ${await res.text()}`);
  if (res.headers.get('tokenfold-next-cursor') !== null)
    throw new Error('logs?format=raw: more than one page');
  const body = await res.text();
  let text = '';
  const stderrLines: string[] = [];
  for (const line of body.split('\n')) {
    if (line === '') continue;
    // seq <TAB> stream <TAB> at <TAB> text (the text itself may hold tabs)
    const parts = line.split('\t');
    const rest = parts.slice(3).join('\t');
    if (parts[1] === 'stdout') text += rest + '\n';
    else stderrLines.push(rest);
  }
  return { text, stderrLines };
}

/** `tokenfold logs ID --format raw --db DB`: the exact bytes (both streams) as the CLI regenerates them. */
export function cliRaw(db: string, id: string): Buffer {
  const r = spawnSync(process.execPath, [CLI, 'logs', id, '--format', 'raw', '--db', db], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`tokenfold logs failed (${r.status}): ${r.stderr.toString()}`);
  return r.stdout;
}

/** Conversation entries, sub-agent children flattened in after their tool call. */
export async function conversation(json: JsonClient, id: string): Promise<Entry[]> {
  const { status, body } = await json<{ items: Entry[] }>(`/api/executions/${id}/logs?format=conversation`);
  if (status !== 200) throw new Error(`logs?format=conversation: HTTP ${status}`);
  const out: Entry[] = [];
  const walk = (items: Entry[]) => {
    for (const e of items) {
      out.push(e);
      if (Array.isArray(e.children)) walk(e.children);
    }
  };
  walk(body.items);
  return out;
}

/** A conversation entry as JSON (see src/conversation/types.ts). */
export interface Entry {
  kind: string;
  parent: string | null;
  id: string;
  text?: string;
  name?: string;
  input?: Record<string, unknown>;
  status?: string;
  result?: { text: string; isError: boolean };
  isError?: boolean;
  children?: Entry[];
}

/** Stores `file` with `tokenfold ingest --executor plain` (no folding) into `db`; returns its stored bytes. */
export function plainStoredBytes(db: string, file: string): number {
  const ingest = spawnSync(process.execPath, [CLI, 'ingest', '--executor', 'plain', '--db', db, file], {
    encoding: 'utf8',
  });
  if (ingest.status !== 0) throw new Error(`tokenfold ingest failed: ${ingest.stderr}`);
  const id = ingest.stdout.trim();
  const inspect = spawnSync(process.execPath, [CLI, 'inspect', db, '--json'], { encoding: 'utf8' });
  if (inspect.status !== 0) throw new Error(`tokenfold inspect failed: ${inspect.stderr}`);
  const detail = (
    JSON.parse(inspect.stdout) as { executions_detail: { id: string; bytes: number }[] }
  ).executions_detail.find((e) => e.id === id);
  if (!detail) throw new Error(`tokenfold inspect does not list execution ${id}`);
  return detail.bytes;
}

/** Lines of a stream-json capture that are `stream_event` content_block_delta lines. */
export function deltaLineCount(capture: Buffer): number {
  let n = 0;
  for (const line of capture.toString('utf8').split('\n')) {
    if (!line.includes('content_block_delta')) continue;
    try {
      const o = JSON.parse(line) as { type?: string; event?: { type?: string } };
      if (o.type === 'stream_event' && o.event?.type === 'content_block_delta') n++;
    } catch {
      // not JSON: not a delta line
    }
  }
  return n;
}

/** Where two outputs first differ, for a readable failure message. */
export function firstDifference(actual: string, expected: string): string {
  if (actual === expected) return 'equal';
  const a = actual.split('\n');
  const e = expected.split('\n');
  const i = a.findIndex((line, k) => line !== e[k]);
  const k = i === -1 ? a.length : i;
  return `first difference at line ${k + 1} of ${e.length}:\n  got:      ${a[k]?.slice(0, 400)}\n  expected: ${e[k]?.slice(0, 400)}`;
}

/**
 * Lines of `actual` that break the README's promise against `expected`: every line byte-identical, except that a
 * regenerated delta line may differ from the original in its `uuid` only (same JSON value otherwise).
 */
export function linesBeyondUuid(actual: string, expected: string): string[] {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const bad: string[] = [];
  if (a.length !== e.length) bad.push(`${a.length} lines, expected ${e.length}`);
  for (let i = 0; i < Math.min(a.length, e.length); i++) {
    if (a[i] === e[i]) continue;
    const strip = (line: string) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      delete o.uuid;
      return o;
    };
    let ok = false;
    try {
      ok = e[i]!.includes('"content_block_delta"') && isDeepStrictEqual(strip(a[i]!), strip(e[i]!));
    } catch {
      ok = false;
    }
    if (!ok) bad.push(`line ${i + 1}: got ${a[i]!.slice(0, 300)}\n  expected ${e[i]!.slice(0, 300)}`);
  }
  return bad;
}
