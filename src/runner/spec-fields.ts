// Validation shared by the executors: required text fields, the working directory, the agent binary.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { invalid } from '../errors.js';
import type { ChildSpec } from './types.js';

export function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(field, 'required, must be a non-empty string');
  return value;
}

export function withCwd(spec: ChildSpec, cwd: string | undefined): ChildSpec {
  if (cwd === undefined) return spec;
  if (typeof cwd !== 'string' || cwd === '') throw invalid('cwd', 'must be a non-empty path');
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    throw invalid('cwd', `"${cwd}" does not exist`);
  }
  if (!isDir) throw invalid('cwd', `"${cwd}" is not a directory`);
  return { ...spec, cwd: resolve(cwd) };
}

/** The executable: the one given, else `$TOKENFOLD_<AGENT>_BIN` (e.g. TOKENFOLD_QWEN_CODE_BIN), else `fallback` on PATH. */
export function agentBinary(agent: string, binary: string | undefined, fallback: string): string {
  if (binary !== undefined) return text('binary', binary);
  return process.env[`TOKENFOLD_${agent.toUpperCase().replace(/-/g, '_')}_BIN`] || fallback;
}

/** A session id to continue; one that could read as an option is refused (it comes from a run's output). */
export function sessionId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(id))
    throw invalid('resume', `the session id ${JSON.stringify(id)} is not one an agent prints`);
  return id;
}

/** `--resume ID` (before `--`), or nothing. */
export function resumeArgs(id: string | undefined): string[] {
  const s = sessionId(id);
  return s === undefined ? [] : ['--resume', s];
}
