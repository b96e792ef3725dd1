import { readdirSync, readFileSync } from 'node:fs';

/** Linux /proc, for the tests that follow a CLI's child processes. */

/** The stat fields after `pid (comm)`: comm may hold spaces, so they start after the last ')'. */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Pid → command line (arguments joined by spaces) of every process below `pid`. */
export function descendants(pid: number): Map<number, string> {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      parentOf.set(Number(name), Number(statFields(name)[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out = new Map<number, string>();
  for (let todo = [pid]; todo.length > 0;) {
    const p = todo.pop() as number;
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      try {
        out.set(child, readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' '));
        todo.push(child);
      } catch {
        // the process ended while we looked
      }
    }
  }
  return out;
}

/** Running, not a zombie: an orphan's exit is reaped by init, whenever init gets to it. */
export function alive(pid: number): boolean {
  try {
    return statFields(pid)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits (bounded) for every pid to be gone; returns those still alive. */
export async function survivors(pids: number[], withinMs = 3000): Promise<number[]> {
  for (let waited = 0; waited < withinMs; waited += 50) {
    if (!pids.some(alive)) return [];
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.filter(alive);
}
