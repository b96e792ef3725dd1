import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shepherd } from '../helpers/spawn-shepherd.js';

const SLOW = join(import.meta.dirname, '../fixtures/slow-profile.json');
const onLinux = process.platform === 'linux';

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Every process below `pid` (children, their children ...). */
function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  for (let todo = [pid]; todo.length > 0;) {
    const next = childrenOf(todo.pop() as number);
    out.push(...next);
    todo.push(...next);
  }
  return out;
}

/** The simulator processes below `pid` (bench runs in a relaunched child: bin/gc-relaunch.cjs). */
function simulatorsUnder(pid: number): number[] {
  return descendantsOf(pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('simulator');
    } catch {
      return false;
    }
  });
}

/** Running, not a zombie: an orphan's exit is reaped by init, whenever init gets to it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits (bounded) for every pid to be gone; returns those still alive. */
async function survivors(pids: number[], withinMs = 3000): Promise<number[]> {
  for (let waited = 0; waited < withinMs; waited += 50) {
    if (!pids.some(alive)) return [];
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.filter(alive);
}

describe.runIf(onLinux)('bin/shepherd --simulate and signals', () => {
  it('a terminal Ctrl-C (SIGINT to the whole process group) cancels in-flight requests instead of counting them as errors', async () => {
    let pid = 0;
    let simPids: number[] = [];
    let sent = false;
    const r = await shepherd(
      ['bench', '--simulate-profile', SLOW, '-m', 'slow', '-c', '2', '-d', '60s', '--json'],
      {
        group: true,
        timeoutMs: 20_000,
        onSpawn: (p) => (pid = p),
        onStderr: (text, kill) => {
          // The header comes once the simulator runs; 20 s answers are then in flight.
          if (sent || !text.includes('shepherd bench:')) return;
          sent = true;
          setTimeout(() => {
            simPids = simulatorsUnder(pid);
            kill('SIGINT');
          }, 500);
        },
      },
    );
    expect(sent).toBe(true);
    expect(simPids.length).toBe(1);
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/internal error|Unhandled|at .*\.js:\d+/);
    const doc = JSON.parse(r.stdout);
    expect(doc.interrupted).toBe(true);
    // The simulator must outlive the run's stop: its death would turn these into errors.
    expect(doc.targets[0].errors).toEqual({});
    expect(doc.targets[0].cancelled).toBe(2);
    expect(await survivors(simPids)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s to shepherd alone mid-answer: exit 130, the simulator child is stopped',
    async (signal) => {
      let pid = 0;
      let simPids: number[] = [];
      let sent = false;
      const r = await shepherd(['chat', '--simulate-profile', SLOW, '-m', 'slow', 'count'], {
        onSpawn: (p) => (pid = p),
        onStdout: (text, kill) => {
          if (sent || text.length < 5) return;
          sent = true;
          simPids = simulatorsUnder(pid);
          kill(signal);
        },
      });
      expect(sent).toBe(true);
      expect(simPids.length).toBe(1);
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/interrupted/);
      expect(await survivors(simPids)).toEqual([]);
    },
  );

  it('a second SIGINT ends the process at once, and the simulator child still goes', async () => {
    let pid = 0;
    let simPids: number[] = [];
    let sent = false;
    const r = await shepherd(
      ['bench', '--simulate-profile', SLOW, '-m', 'slow', '-c', '2', '-d', '60s', '--no-tui'],
      {
        timeoutMs: 20_000,
        onSpawn: (p) => (pid = p),
        onStderr: (text, kill) => {
          if (sent || !text.includes('shepherd bench:')) return;
          sent = true;
          simPids = simulatorsUnder(pid);
          kill('SIGINT');
          // The first one starts a drain of up to 1 s; the second must not wait for it.
          setTimeout(() => kill('SIGINT'), 100);
        },
      },
    );
    expect(sent).toBe(true);
    // Ended by the re-raised signal itself (null code), not after the drain and summary.
    expect(r.code).toBeNull();
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/internal error|Unhandled|at .*\.js:\d+/);
    expect(await survivors(simPids)).toEqual([]);
  });
});
