// The third layout: one JSONL file per execution, `{"Stdout": line}` per line (the final design of the
// orchestrator the seed came from): its bytes, gzip'd bytes, and reading one execution back (every line parsed).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { WorkloadExecution } from '../src/demo/workload.js';

export interface JsonlFigures {
  fileBytes: number;
  gzipBytes: number;
}

/** Writes each execution's file into `dir`; returns the total bytes, plain and gzip'd (default level). */
export function writeJsonl(dir: string, execs: readonly WorkloadExecution[]): JsonlFigures {
  let fileBytes = 0;
  let gzipBytes = 0;
  for (const e of execs) {
    const body = Buffer.from(
      [
        ...e.lines.map((l) => JSON.stringify({ Stdout: l })),
        ...e.stderr.map((l) => JSON.stringify({ Stderr: l })),
      ].join('\n') + '\n',
    );
    writeFileSync(jsonlPath(dir, e.id), body);
    fileBytes += body.length;
    gzipBytes += gzipSync(body).length;
  }
  return { fileBytes, gzipBytes };
}

export const jsonlPath = (dir: string, id: string) => join(dir, `${id}.jsonl`);

/** Reads an execution back as its reader would: the file, split into lines, each parsed. */
export function readJsonl(file: string): number {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') (JSON.parse(line), n++);
  return n;
}
