import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendants, survivors } from '../helpers/proc-tree.js';
import { shepherd } from '../helpers/spawn-shepherd.js';
import { buildProgram } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';

const SLOW = join(import.meta.dirname, '../fixtures/slow-profile.json');
const onLinux = process.platform === 'linux';
const { commandOf, wantsRelaunch, VALUE_OPTIONS } = createRequire(import.meta.url)(
  '../../bin/gc-relaunch.cjs',
) as {
  VALUE_OPTIONS: Set<string>;
  commandOf(argv: string[]): string | undefined;
  wantsRelaunch(argv: string[], execArgv: string[], env: Record<string, string>): boolean;
};

describe('bin/gc-relaunch.cjs: which runs go to a child with single-threaded GC', () => {
  it('finds the command word past global options and their values', () => {
    expect(commandOf(['bench', '-m', 'x'])).toBe('bench');
    expect(commandOf(['--base-url', 'http://h/v1', '--quiet', 'bench'])).toBe('bench');
    expect(commandOf(['--config', 'bench', 'chat', 'hi'])).toBe('chat');
    expect(commandOf(['--simulate-profile', 'zero', '--', 'bench'])).toBe('bench');
    expect(commandOf(['--quiet'])).toBeUndefined();
  });

  it('knows every global option that takes a value (the list of the CLI itself)', () => {
    const program = buildProgram({ io: memoryIo(), exitCode: 0 });
    const takesValue = program.options
      .filter((o) => o.required || o.optional)
      .map((o) => o.long as string);
    expect([...VALUE_OPTIONS].sort()).toEqual(takesValue.sort());
  });

  it('bench only, once, and not when the user set the flag or turned it off', () => {
    expect(wantsRelaunch(['bench'], [], {})).toBe(true);
    expect(wantsRelaunch(['chat', 'bench'], [], {})).toBe(false);
    expect(wantsRelaunch(['bench'], [], { SHEPHERD_GC_CHILD: '1' })).toBe(false);
    expect(wantsRelaunch(['bench'], ['--single-threaded-gc'], {})).toBe(false);
    expect(wantsRelaunch(['bench'], [], { SHEPHERD_GC_RELAUNCH: '0' })).toBe(false);
    expect(wantsRelaunch(['bench'], ['--import', 'x.mjs'], {})).toBe(true);
  });
});

describe.runIf(onLinux)('bench in its relaunched child', () => {
  const slowBench = ['bench', '--simulate-profile', SLOW, '-m', 'slow', '-c', '2', '-d', '60s'];

  /**
   * The slow bench, sent `signal` once it has printed its header, with the processes below it
   * (pid → command line) as they were just before.
   */
  async function signalled(signal: NodeJS.Signals, env: Record<string, string> = {}) {
    let pid = 0;
    let below = new Map<number, string>();
    let sent = false;
    const r = await shepherd([...slowBench, '--json'], {
      env,
      timeoutMs: 20_000,
      onSpawn: (p) => (pid = p),
      onStderr: (text, kill) => {
        if (sent || !text.includes('shepherd bench:')) return;
        sent = true;
        below = descendants(pid);
        kill(signal);
      },
    });
    return { r, below, sent };
  }

  const gone = async (pids: Iterable<number>): Promise<boolean> =>
    (await survivors([...pids], 5000)).length === 0;

  it('runs with --single-threaded-gc below a relay; SIGINT to the relay: 130 and the measured JSON', async () => {
    const { r, below, sent } = await signalled('SIGINT');
    expect(sent).toBe(true);
    const clis = [...below.values()].filter((c) => c.includes('bin/shepherd'));
    expect(clis).toHaveLength(1);
    expect(clis[0]).toMatch(/--single-threaded-gc .*bin\/shepherd bench /);
    expect(r.code).toBe(130);
    const doc = JSON.parse(r.stdout);
    expect(doc.interrupted).toBe(true);
    expect(doc.targets[0].cancelled).toBe(2);
    expect(await gone(below.keys())).toBe(true);
  });

  it('the relay killed outright: the run stops (as on SIGTERM) and takes its simulator with it', async () => {
    const { r, below, sent } = await signalled('SIGKILL');
    expect(sent).toBe(true);
    expect(r.code).toBeNull();
    expect(below.size).toBe(2); // the bench child and its simulator
    expect(await gone(below.keys())).toBe(true);
  });

  it('a SIGTERM to the relay while the child is still starting stops the run all the same', async () => {
    const started = Date.now();
    const r = await shepherd([...slowBench, '--json'], {
      timeoutMs: 20_000,
      // As soon as the relay has started its child (still loading the CLI, nothing sent yet).
      onSpawn: (p) => {
        const poll = setInterval(() => {
          if (descendants(p).size === 0) return;
          clearInterval(poll);
          process.kill(p, 'SIGTERM');
        }, 2);
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped early after 0\.\d s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('SHEPHERD_GC_RELAUNCH=0 keeps bench in the process that was started', async () => {
    const { below, sent } = await signalled('SIGINT', { SHEPHERD_GC_RELAUNCH: '0' });
    expect(sent).toBe(true);
    expect([...below.values()].filter((c) => c.includes('bin/shepherd'))).toEqual([]);
    expect([...below.values()].filter((c) => c.includes('simulator'))).toHaveLength(1);
  });
});
