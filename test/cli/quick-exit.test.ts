import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { processIo } from '../../src/cli/process-io.js';
import { useChatEnv, type ChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();

/**
 * Runs a command in-process with a spy as `Io.quickExit`: one entry per call, each the number
 * of requests of this run the simulator had answered by then.
 */
async function run(e: ChatEnv, args: string[]) {
  const io = memoryIo({ env: e.env, cwd: e.home });
  const calls: number[] = [];
  const before = e.sim.log.length;
  io.quickExit = async () => void calls.push(e.sim.log.length - before);
  const code = await main(args, io);
  return { code, calls, stderr: io.stderr.text };
}

describe('Io.quickExit: a short-lived command readies the process to end at once', () => {
  it('chat, models and one round of health call it once, before their first request', async () => {
    const e = await env();
    for (const args of [['chat', '-m', 'a', 'hi'], ['models'], ['health', 'a', 'b']]) {
      const r = await run(e, args);
      expect({ args, code: r.code, calls: r.calls }).toEqual({ args, code: 0, calls: [0] });
    }
    expect(e.sim.log.length).toBeGreaterThan(3); // they did send requests after it
  });

  it('bench and health --watch never call it: they keep the optimised HTTP parser', async () => {
    const e = await env();
    for (const args of [
      ['bench', '-m', 'a', '-n', '5', '--no-tui', '--quiet'],
      ['health', '--watch', '--count', '1', '--interval', '1s', 'a'],
    ]) {
      const r = await run(e, args);
      expect({ args, code: r.code, calls: r.calls }).toEqual({ args, code: 0, calls: [] });
    }
  });

  it('the real process Io offers it', () => {
    const owned = processIo();
    try {
      expect(typeof owned.io.quickExit).toBe('function');
    } finally {
      owned.dispose();
    }
  });
});
