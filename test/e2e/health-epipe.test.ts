import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { shepherd } from '../helpers/spawn-shepherd.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('bin/shepherd with a reader that goes away', () => {
  it('health --watch --json | head -1: stops like Ctrl-C (exit 130), no EPIPE crash, no more probes', async () => {
    sim = await createSimulator({
      profile: { name: 'epipe', models: { a: { id: 'a', ttftMs: 1, itlMs: 0, outputTokens: 2 } } },
    });
    let closed = false;
    const { code, stderr } = await shepherd(
      ['health', '--watch', '--interval', '50ms', '--json', 'a'],
      {
        env: { SHEPHERD_BASE_URL: sim.url },
        // Like `head -1`: read the first line, then close the read end of the pipe.
        onStdout: (_text, _kill, closeStdout) => {
          if (closed) return;
          closed = true;
          closeStdout();
        },
        timeoutMs: 10_000,
      },
    );
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(130);
    const probes = sim.log.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.log.length).toBe(probes);
  });
});
