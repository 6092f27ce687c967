// The child-process contract: what to start (ChildSpec), how it ended (ChildExit), and the live handle.

/** What to start. With `shell`, `file` (plus any `args`, joined by spaces) is a command line run by `/bin/sh -c`. */
export interface ChildSpec {
  file: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  shell?: boolean;
  /** Talks to the child over its stdin (e.g. JSON-RPC to `codex app-server`); without one, stdin is closed. */
  driver?: ChildDriver;
}

/** Writes to a child's stdin in answer to its stdout. One driver per child (it keeps the conversation's state). */
export interface ChildDriver {
  /** Called once the child started; returns the listener that receives each stdout chunk. */
  start(stdin: DriverStdin): ChunkListener;
}

export interface DriverStdin {
  write(text: string): void;
  /** Closes stdin. With `failure`, the run is `failed` with that message whatever the exit code. */
  end(failure?: Error): void;
}

/** How a child ended. `error` is set when it could not be started at all (then both other fields are null) or its driver reported a failure. */
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
