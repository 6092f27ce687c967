// Turns a failed spawn (missing binary, bad cwd, not executable) into an error a user can act on.
import { statSync } from 'node:fs';
import { TokenfoldError } from '../errors.js';

export const SHELL = '/bin/sh';

export function spawnFailure(file: string, cwd: string | undefined, err: unknown): TokenfoldError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  let why: string;
  // Node reports a missing cwd as ENOENT on the binary, so check the directory first.
  if (cwd !== undefined && !isDirectory(cwd))
    why = `working directory "${cwd}" does not exist or is not a directory`;
  else if (code === 'ENOENT') why = file.includes('/') ? 'no such file' : 'not found on PATH';
  else if (code === 'EACCES') why = 'permission denied (is it an executable file?)';
  else why = err instanceof Error ? err.message : String(err);
  return new TokenfoldError(`cannot start "${file}": ${why}`, { code: 'unavailable', cause: err });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
