// CPU time of a process tree (Linux /proc): what the browser, the server and its agents used during a benchmark.
import { readdirSync, readFileSync } from 'node:fs';

/** User + system CPU ms of `root`'s descendants (not `root` itself), split by whether they descend from `apart`. */
export function treeCpuMs(root: number, apart: number): { apart: number; rest: number } {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  const tick = 10; // ms per clock tick (USER_HZ is 100 on Linux)
  for (const name of safeReaddir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, Number(f[1]));
      cpu.set(pid, (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      /* exited meanwhile */
    }
  }
  const under = (pid: number, top: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === top) return true;
    return false;
  };
  const out = { apart: 0, rest: 0 };
  for (const [pid, ms] of cpu) {
    if (!under(pid, root)) continue;
    if (pid === apart || under(pid, apart)) out.apart += ms;
    else out.rest += ms;
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
