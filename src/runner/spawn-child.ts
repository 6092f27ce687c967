// Starts one child in its own process group, streams its stdout/stderr, and stops the whole group on request.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { groupAlive, signalGroup, trackGroup, untrackGroup } from './process-group.js';
import { SHELL, spawnFailure } from './spawn-error.js';
import type { ChildDriver, ChildExit, ChildSpec, ChunkListener, RunningChild } from './types.js';

/** Never throws: a child that cannot start resolves `exited` with `error` set. */
export function spawnChild(spec: ChildSpec): RunningChild {
  return new ChildHandle(spec);
}

class ChildHandle implements RunningChild {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  #resolve!: (exit: ChildExit) => void;
  #settled = false;
  #leaderExited = false;
  #stoppedByUser = false;
  #stopping: Promise<ChildExit> | undefined;
  #spawnError: Error | undefined;
  #driverError: Error | undefined;
  // Replaced, never mutated, on (un)subscribe, so dispatch can iterate without copying.
  #out: ChunkListener[] = [];
  #err: ChunkListener[] = [];

  constructor(spec: ChildSpec) {
    this.exited = new Promise((resolve) => (this.#resolve = resolve));
    const file = spec.shell ? SHELL : spec.file;
    const args = spec.shell
      ? ['-c', spec.args.length ? `${spec.file} ${spec.args.join(' ')}` : spec.file]
      : spec.args;
    let child: ChildProcess;
    try {
      // detached: own process group, so stop() reaches grandchildren. Not unref'd: a running child keeps us alive.
      child = spawn(file, args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: true,
        stdio: [spec.driver ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      // Synchronous failures: bad argument types, NUL bytes in args, ...
      this.pid = undefined;
      this.#finish({ exitCode: null, signal: null, error: spawnFailure(file, spec.cwd, err) });
      return;
    }
    this.pid = child.pid;
    if (this.pid !== undefined) trackGroup(this.pid);
    if (spec.driver && this.pid !== undefined) this.#drive(spec.driver, child);
    child.stdout!.on('data', (chunk: Buffer) => dispatch(this.#out, chunk, child.stdout!));
    child.stderr!.on('data', (chunk: Buffer) => dispatch(this.#err, chunk, child.stderr!));
    child.stdout!.on('error', ignore);
    child.stderr!.on('error', ignore);
    child.on('error', (err) => {
      // Only a failed spawn ends the child; later errors (a failed kill) leave it running.
      if (this.pid !== undefined) return;
      this.#spawnError = spawnFailure(file, spec.cwd, err);
      this.#finish({ exitCode: null, signal: null, error: this.#spawnError });
    });
    child.once('exit', () => (this.#leaderExited = true));
    // 'close' comes after 'exit' and after both pipes ended, i.e. once every chunk was dispatched.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.#spawnError) return this.#finish({ exitCode: null, signal: null, error: this.#spawnError });
      this.#finish({ exitCode: code, signal, ...(this.#driverError ? { error: this.#driverError } : {}) });
    });
  }

  /** The driver sees stdout before the listeners; a child that stops reading stdin (EPIPE) is not an error here. */
  #drive(driver: ChildDriver, child: ChildProcess): void {
    const stdin = child.stdin!;
    stdin.on('error', ignore);
    const onChunk = driver.start({
      write: (text) => {
        if (stdin.writable) stdin.write(text);
      },
      end: (failure) => {
        this.#driverError ??= failure;
        stdin.end();
      },
    });
    this.#out = [onChunk];
  }

  get stoppedByUser(): boolean {
    return this.#stoppedByUser;
  }

  onStdout(cb: ChunkListener): () => void {
    this.#out = [...this.#out, cb];
    return () => (this.#out = this.#out.filter((l) => l !== cb));
  }

  onStderr(cb: ChunkListener): () => void {
    this.#err = [...this.#err, cb];
    return () => (this.#err = this.#err.filter((l) => l !== cb));
  }

  stop(graceMs = 5000): Promise<ChildExit> {
    if (this.#stopping) return this.#stopping;
    const pid = this.pid;
    if (this.#settled || pid === undefined) return this.exited;
    if (!this.#leaderExited) this.#stoppedByUser = true;
    signalGroup(pid, 'SIGTERM');
    const timer = Number.isFinite(graceMs)
      ? setTimeout(() => signalGroup(pid, 'SIGKILL'), Math.max(0, graceMs))
      : undefined;
    this.#stopping = this.exited.then((exit) => {
      // Keep the SIGKILL pending while anything of the group (a TERM-ignoring grandchild) is still alive.
      if (!groupAlive(pid)) clearTimeout(timer);
      return exit;
    });
    return this.#stopping;
  }

  #finish(exit: ChildExit): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.pid !== undefined) untrackGroup(this.pid);
    this.#resolve(exit);
  }
}

/**
 * Hands a chunk to the listeners, then lets the event loop turn before the next one: libuv reads a busy
 * pipe up to 32 times per wakeup, and a child printing as fast as it can (`yes`) would otherwise keep
 * the loop busy with 2 MB of lines at a time (~200 ms) while streams and requests wait. The child blocks
 * on a full pipe meanwhile: nothing is lost.
 */
function dispatch(listeners: ChunkListener[], chunk: Buffer, stream: Readable): void {
  for (let i = 0; i < listeners.length; i++) listeners[i]!(chunk);
  stream.pause();
  setImmediate(() => stream.resume());
}

function ignore(): void {}
