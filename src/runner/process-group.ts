// Signals whole process groups, ends the groups still running when tokenfold itself exits, and stops
// the groups a killed tokenfold left behind (recorded with each execution).
import { readFileSync, readdirSync } from 'node:fs';

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

// Identity of a process's start, to tell our child from a later process that got the same pid: the
// boot id and the start time in clock ticks since boot (field 22 of /proc/PID/stat). Linux only; null
// elsewhere or once the process is gone.
let bootId: string | null | undefined;

export function processStartId(pid: number): string | null {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return `${bootId}:${fields[19]}`;
  } catch {
    return null;
  }
}

/** Live (not zombie) processes of group `pgid`; falls back to a signal probe where /proc is missing. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return groupAlive(pgid) ? [pgid] : [];
  }
  const out: number[] = [];
  for (const name of entries) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields: state, ppid, pgrp, ...
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export type OrphanOutcome = 'gone' | 'not-ours' | 'unverified' | 'terminated' | 'killed' | 'survived';

/**
 * Stops the process group a dead tokenfold left running (SIGTERM, then SIGKILL after `graceMs`), if it is
 * still the one recorded: its leader has the recorded start identity, or the leader has exited and the
 * group lives on (the kernel does not reuse a pid while a group of that id exists).
 */
export async function stopOrphanGroup(
  pgid: number,
  startId: string | null,
  graceMs: number,
): Promise<OrphanOutcome> {
  if (groupMembers(pgid).length === 0) return 'gone';
  const leader = processStartId(pgid);
  if (leader !== null && leader !== startId) return 'not-ours';
  if (startId === null) return 'unverified';
  signalGroup(pgid, 'SIGTERM');
  const end = Date.now() + graceMs;
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    if (groupMembers(pgid).length === 0) return 'terminated';
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 40; i++) {
    if (groupMembers(pgid).length === 0) return 'killed';
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'survived';
}
