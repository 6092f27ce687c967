// The child-process contract: what to start (ChildSpec), how it ended (ChildExit), and the live handle.

/** What to start. With `shell`, `file` (plus any `args`, joined by spaces) is a command line run by `/bin/sh -c`. */
export interface ChildSpec {
  file: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  shell?: boolean;
}

/** How a child ended. `error` is set when it could not be started at all (then both other fields are null). */
export interface ChildExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export type ChunkListener = (chunk: Buffer) => void;

export interface RunningChild {
  /** Undefined when the child could not be started. Also the id of its process group. */
  readonly pid: number | undefined;
  /** True when stop() was called while the child was still running. */
  readonly stoppedByUser: boolean;
  /** Resolves (never rejects) once the child has exited and all its stdout and stderr were delivered. */
  readonly exited: Promise<ChildExit>;
  /** Subscribe right after spawnChild (same tick) to receive every chunk. Returns an unsubscribe function. */
  onStdout(cb: ChunkListener): () => void;
  onStderr(cb: ChunkListener): () => void;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs` if still alive. Idempotent. */
  stop(graceMs?: number): Promise<ChildExit>;
}
