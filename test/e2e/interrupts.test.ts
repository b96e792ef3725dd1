import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendants, survivors } from '../helpers/proc-tree.js';
import { shepherd } from '../helpers/spawn-shepherd.js';

const SLOW = join(import.meta.dirname, '../fixtures/slow-profile.json');
const onLinux = process.platform === 'linux';

/** The simulator processes below `pid` (bench runs in a relaunched child: bin/gc-relaunch.cjs). */
function simulatorsUnder(pid: number): number[] {
  return [...descendants(pid)].filter(([, cmd]) => cmd.includes('simulator')).map(([p]) => p);
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
