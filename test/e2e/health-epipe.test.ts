import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';

const BIN = join(import.meta.dirname, '../../bin/shepherd');
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
    const home = mkdtempSync(join(tmpdir(), 'shepherd-epipe-'));
    const child = spawn(
      process.execPath,
      [BIN, 'health', '--watch', '--interval', '50ms', '--json', 'a'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          XDG_STATE_HOME: join(home, '.state'),
          XDG_DATA_HOME: join(home, '.data'),
          CI: 'true',
          SHEPHERD_BASE_URL: sim.url,
        },
        cwd: home,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first line, then close the read end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`still running after the reader left\n${stderr}`));
      }, 10_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(130);
    const probes = sim.log.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.log.length).toBe(probes);
  });
});
