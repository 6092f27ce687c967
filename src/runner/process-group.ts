// Signals whole process groups, and ends the groups still running when tokenfold itself exits.

/** Sends `signal` to the process group led by `pid`; false when the group is gone (or not ours). */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Children run detached, so they outlive tokenfold unless someone ends them: like execa's `cleanup`,
// SIGTERM every group still registered when the process exits ('exit' handlers must be synchronous).
const live = new Set<number>();
let hooked = false;

export function trackGroup(pid: number): void {
  live.add(pid);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const p of live) signalGroup(p, 'SIGTERM');
    });
  }
}

export function untrackGroup(pid: number): void {
  live.delete(pid);
}
